package org.civitas.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.civitas.simulator.city.Brennhaven;
import org.civitas.simulator.city.City;
import org.civitas.simulator.random.RandomStreams;
import org.civitas.simulator.transit.Transit;
import org.junit.jupiter.api.Test;

class DevicePlacementTest {
  private final City city = Brennhaven.build();
  private final List<Device> devices = place(1, 7);

  private List<Device> place(double scale, long seed) {
    return DevicePlacement.place(city, Transit.of(city, 3), new RandomStreams(seed), scale);
  }

  @Test
  void all_eleven_kinds_are_present_a_few_hundred_devices_in_all() {
    Set<DeviceKind> kinds = devices.stream().map(Device::kind).collect(Collectors.toSet());
    assertThat(kinds).isEqualTo(EnumSet.allOf(DeviceKind.class));
    assertThat(DeviceKind.values()).hasSize(11);
    assertThat(devices.size()).isBetween(200, 500);
  }

  @Test
  void every_device_lies_inside_its_district() {
    for (Device device : devices) {
      assertThat(city.districtOf(device.location().lon(), device.location().lat()))
          .as(device.id())
          .hasValueSatisfying(d -> assertThat(d.id()).isEqualTo(device.districtId()));
    }
  }

  @Test
  void ids_are_unique_and_named_by_kind() {
    assertThat(devices.stream().map(Device::id).distinct().count()).isEqualTo(devices.size());
    assertThat(devices)
        .extracting(Device::id)
        .contains("bin-0042", "flow-0001", "substation-0001", "bus-0001");
    assertThat(devices).allSatisfy(d -> assertThat(d.id()).matches("[a-z]+-\\d{4}"));
  }

  @Test
  void protocols_are_mixed_as_a_real_city_would() {
    assertThat(devices)
        .filteredOn(d -> d.kind() == DeviceKind.WASTE_BIN || d.kind() == DeviceKind.PARKING_BAY)
        .allSatisfy(d -> assertThat(d.protocol()).isEqualTo(Protocol.LORAWAN));
    assertThat(devices)
        .filteredOn(d -> d.kind() == DeviceKind.BUS)
        .allSatisfy(d -> assertThat(d.protocol()).isEqualTo(Protocol.MQTT));
    assertThat(devices.stream().map(Device::protocol).collect(Collectors.toSet()))
        .isEqualTo(EnumSet.allOf(Protocol.class));
  }

  @Test
  void every_datastream_has_an_observed_property_and_an_observation_type_and_measurements_a_unit() {
    assertThat(devices).allSatisfy(d -> assertThat(d.datastreams()).isNotEmpty());
    devices.stream()
        .flatMap(d -> d.datastreams().stream())
        .filter(s -> s.observationType() == ObservationType.MEASUREMENT)
        .forEach(s -> assertThat(s.unitSymbol()).as(s.field()).isNotBlank());
  }

  @Test
  void the_scale_factor_multiplies_the_devices() {
    assertThat(place(2, 7).size()).isGreaterThan(devices.size() * 17 / 10);
  }

  @Test
  void the_same_seed_places_the_same_devices_and_another_seed_elsewhere() {
    assertThat(place(1, 7)).isEqualTo(devices);
    assertThat(place(1, 8)).isNotEqualTo(devices);
  }
}
