package org.civitas.simulator.device;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.civitas.simulator.city.City;
import org.civitas.simulator.city.District;
import org.civitas.simulator.city.DistrictCharacter;
import org.civitas.simulator.city.GeoPoint;
import org.civitas.simulator.city.PlanarPoint;
import org.civitas.simulator.random.RandomStreams;
import org.civitas.simulator.random.Sequence;
import org.civitas.simulator.transit.BusAssignment;
import org.civitas.simulator.transit.Transit;

/**
 * Places the city's devices: how many of each kind (about 330 at scale 1), in which districts (in
 * proportion to what they serve: bins and meters to residents, loops and parking to density, one
 * flow meter and one air-quality station per district) and where inside them. Each kind draws from
 * its own sequence, so more bins do not move the streetlights.
 */
public final class DevicePlacement {
  private final City city;
  private final RandomStreams random;
  private final double scale;
  private final List<Device> devices = new ArrayList<>();

  private DevicePlacement(City city, RandomStreams random, double scale) {
    this.city = city;
    this.random = random;
    this.scale = scale;
  }

  /** The devices of the city at {@code scale} (1 = the default few hundred), buses from transit. */
  public static List<Device> place(City city, Transit transit, RandomStreams random, double scale) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be positive, was " + scale);
    }
    var placement = new DevicePlacement(city, random, scale);
    placement.placeAll(transit);
    return List.copyOf(placement.devices);
  }

  private void placeAll(Transit transit) {
    ToDoubleFunction<District> residents = District::population;
    ToDoubleFunction<District> density = District::density;
    ToDoubleFunction<District> streets =
        d -> d.character().trafficShare() * Math.sqrt(d.density()) * Math.sqrt(d.areaKm2());
    spread(
        DeviceKind.TRAFFIC_LOOP,
        "loop",
        "InductionLoop TL-2",
        24,
        streets,
        minutes(5),
        Protocol.MQTT,
        Datastreams.TRAFFIC_LOOP,
        s -> 1 + s.nextInt(3));
    spread(
        DeviceKind.WASTE_BIN,
        "bin",
        "FillSense LB-3",
        80,
        residents,
        minutes(60),
        Protocol.LORAWAN,
        Datastreams.WASTE_BIN,
        s -> new double[] {240, 660, 1100}[s.nextInt(3)]);
    perDistrict(
        DeviceKind.AIR_QUALITY,
        "air",
        "AQ Station 4",
        minutes(15),
        Protocol.HTTP,
        Datastreams.AIR_QUALITY,
        d -> 1);
    spread(
        DeviceKind.AIR_QUALITY,
        "air",
        "AQ Station 4",
        2,
        streets,
        minutes(15),
        Protocol.HTTP,
        Datastreams.AIR_QUALITY,
        s -> 1,
        11);
    spread(
        DeviceKind.NOISE_METER,
        "noise",
        "SoundNode N1",
        16,
        density,
        minutes(10),
        Protocol.LORAWAN,
        Datastreams.NOISE_METER,
        s -> 1);
    spread(
        DeviceKind.WATER_METER,
        "water",
        "AquaMeter W5",
        40,
        residents,
        minutes(60),
        Protocol.LORAWAN,
        Datastreams.HOUSEHOLD_WATER,
        s -> 1 + s.nextInt(4));
    perDistrict(
        DeviceKind.WATER_METER,
        "flow",
        "District Flow F2",
        minutes(15),
        Protocol.HTTP,
        Datastreams.DISTRICT_FLOW,
        District::population);
    spread(
        DeviceKind.ELECTRICITY_METER,
        "elec",
        "SmartMeter E3",
        40,
        residents,
        minutes(15),
        Protocol.MQTT,
        Datastreams.SMART_METER,
        s -> 1 + s.nextInt(4));
    placeSubstation();
    for (BusAssignment bus : transit.assignments()) {
      PlanarPoint depot = bus.route().stops().getFirst().point();
      add(
          new Device(
              bus.busId(),
              DeviceKind.BUS,
              "CityBus GPS " + bus.route().id(),
              geo(depot),
              districtAt(depot),
              Duration.ofSeconds(30),
              Protocol.MQTT,
              1,
              Datastreams.BUS));
    }
    spread(
        DeviceKind.PARKING_BAY,
        "parking",
        "BaySense P2",
        50,
        density,
        minutes(5),
        Protocol.LORAWAN,
        Datastreams.PARKING_BAY,
        s -> 1);
    spread(
        DeviceKind.STREETLIGHT,
        "light",
        "LumiNode L7",
        30,
        residents,
        minutes(15),
        Protocol.LORAWAN,
        Datastreams.STREETLIGHT,
        s -> new double[] {40, 60, 90, 120}[s.nextInt(4)]);
    spread(
        DeviceKind.VACCINE_FRIDGE,
        "fridge",
        "ColdChain V1",
        6,
        residents,
        minutes(5),
        Protocol.MQTT,
        Datastreams.VACCINE_FRIDGE,
        s -> 1);
    placeGauges();
  }

  /** Draws {@code base * scale} devices, each in a district drawn in proportion to the weight. */
  private void spread(
      DeviceKind kind,
      String prefix,
      String model,
      int base,
      ToDoubleFunction<District> weight,
      Duration interval,
      Protocol protocol,
      List<DatastreamSpec> streams,
      ToDoubleFunction<Sequence> capacity) {
    spread(
        kind,
        prefix,
        model,
        base,
        weight,
        interval,
        protocol,
        streams,
        capacity,
        1 + count(prefix));
  }

  private void spread(
      DeviceKind kind,
      String prefix,
      String model,
      int base,
      ToDoubleFunction<District> weight,
      Duration interval,
      Protocol protocol,
      List<DatastreamSpec> streams,
      ToDoubleFunction<Sequence> capacity,
      int firstNumber) {
    Sequence sequence = random.sequence("placement/" + prefix);
    int count = Math.max(1, (int) Math.round(base * scale));
    double total = city.districts().stream().mapToDouble(weight).sum();
    for (int i = 0; i < count; i++) {
      double pick = sequence.nextDouble() * total;
      District district = city.districts().getLast();
      for (District d : city.districts()) {
        pick -= weight.applyAsDouble(d);
        if (pick < 0) {
          district = d;
          break;
        }
      }
      PlanarPoint at = city.pointIn(district, sequence);
      add(
          new Device(
              "%s-%04d".formatted(prefix, firstNumber + i),
              kind,
              model,
              geo(at),
              district.id(),
              interval,
              protocol,
              capacity.applyAsDouble(sequence),
              streams));
    }
  }

  /** One device per district near its centre, whatever the scale. */
  private void perDistrict(
      DeviceKind kind,
      String prefix,
      String model,
      Duration interval,
      Protocol protocol,
      List<DatastreamSpec> streams,
      ToDoubleFunction<District> capacity) {
    for (District district : city.districts()) {
      PlanarPoint at = district.shape().centroid();
      add(
          new Device(
              "%s-%04d".formatted(prefix, district.id()),
              kind,
              model,
              geo(at),
              district.id(),
              interval,
              protocol,
              capacity.applyAsDouble(district),
              streams));
    }
  }

  /** The primary substation feeds the harbour's industry; more of them at larger scales. */
  private void placeSubstation() {
    int count = Math.max(1, (int) Math.round(scale));
    List<District> fed =
        city.districts().stream()
            .filter(d -> d.character() == DistrictCharacter.INDUSTRIAL)
            .toList();
    Sequence sequence = random.sequence("placement/substation");
    for (int i = 0; i < count; i++) {
      District district =
          i == 0 ? fed.getFirst() : city.districts().get(sequence.nextInt(city.districts().size()));
      PlanarPoint at = city.pointIn(district, sequence);
      // It serves a share of the city's residents plus the harbour's industry (see the rhythm).
      add(
          new Device(
              "substation-%04d".formatted(i + 1),
              DeviceKind.ELECTRICITY_METER,
              "Substation SCADA S1",
              geo(at),
              district.id(),
              minutes(5),
              Protocol.MQTT,
              city.population() / (double) count,
              Datastreams.SUBSTATION));
    }
  }

  /** Gauges on the river: upstream where it enters, in the centre and at the harbour. */
  private void placeGauges() {
    List<PlanarPoint> river = city.river();
    int count = Math.max(3, (int) Math.round(3 * scale));
    for (int i = 0; i < count; i++) {
      PlanarPoint at =
          river.get(1 + (int) Math.round((river.size() - 3) * i / (double) (count - 1)));
      add(
          new Device(
              "gauge-%04d".formatted(i + 1),
              DeviceKind.RIVER_GAUGE,
              "LevelRadar R9",
              geo(at),
              districtAt(at),
              minutes(15),
              Protocol.HTTP,
              1,
              Datastreams.RIVER_GAUGE));
    }
  }

  private int count(String prefix) {
    return (int) devices.stream().filter(d -> d.id().startsWith(prefix + "-")).count();
  }

  private int districtAt(PlanarPoint point) {
    return city.districtOf(point)
        .orElseThrow(
            () -> new IllegalStateException("a device at " + point + " is outside the city"))
        .id();
  }

  private GeoPoint geo(PlanarPoint point) {
    return city.projection().toGeo(point);
  }

  private void add(Device device) {
    devices.add(device);
  }

  private static Duration minutes(int minutes) {
    return Duration.ofMinutes(minutes);
  }
}
