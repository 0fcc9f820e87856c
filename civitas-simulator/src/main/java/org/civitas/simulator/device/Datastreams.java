package org.civitas.simulator.device;

import static org.civitas.simulator.device.DatastreamSpec.measured;

import java.util.List;

/** The datastreams of each device variant, with UCUM units. */
final class Datastreams {
  private static final String PERCENT = "percent";
  private static final String MICROGRAM = "microgram per cubic metre";

  static final List<DatastreamSpec> TRAFFIC_LOOP =
      List.of(
          new DatastreamSpec(
              "vehicleCount",
              "Vehicle count",
              "vehicles per interval",
              "{vehicle}",
              ObservationType.COUNT),
          measured("occupancy", "Loop occupancy", PERCENT, "%"));

  static final List<DatastreamSpec> WASTE_BIN =
      List.of(
          measured("fillLevel", "Fill level", PERCENT, "%"),
          measured("temperature", "Bin temperature", "degree Celsius", "Cel"));

  static final List<DatastreamSpec> AIR_QUALITY =
      List.of(
          measured("pm25", "PM2.5 concentration", MICROGRAM, "ug/m3"),
          measured("pm10", "PM10 concentration", MICROGRAM, "ug/m3"),
          measured("no2", "Nitrogen dioxide (NO2) concentration", MICROGRAM, "ug/m3"),
          measured("o3", "Ozone (O3) concentration", MICROGRAM, "ug/m3"));

  static final List<DatastreamSpec> NOISE_METER =
      List.of(measured("laeq", "Noise level LAeq (A-weighted)", "decibel", "dB"));

  static final List<DatastreamSpec> HOUSEHOLD_WATER =
      List.of(measured("volume", "Water consumption per interval", "litre", "L"));

  static final List<DatastreamSpec> DISTRICT_FLOW =
      List.of(measured("flow", "Water flow rate", "cubic metre per hour", "m3/h"));

  static final List<DatastreamSpec> SMART_METER =
      List.of(
          measured("power", "Active power", "watt", "W"),
          measured("energy", "Active energy per interval", "watt hour", "W.h"));

  static final List<DatastreamSpec> SUBSTATION =
      List.of(
          measured("power", "Active power", "kilowatt", "kW"),
          measured("voltage", "Busbar voltage", "volt", "V"));

  static final List<DatastreamSpec> BUS =
      List.of(
          new DatastreamSpec(
              "position", "Vehicle position", null, null, ObservationType.OBSERVATION),
          measured("speed", "Vehicle speed", "kilometre per hour", "km/h"),
          measured("delay", "Schedule delay", "second", "s"),
          new DatastreamSpec("inService", "In service", null, null, ObservationType.TRUTH));

  static final List<DatastreamSpec> PARKING_BAY =
      List.of(
          new DatastreamSpec(
              "occupied", "Bay occupancy", "occupied bays", "1", ObservationType.COUNT));

  static final List<DatastreamSpec> STREETLIGHT =
      List.of(
          new DatastreamSpec("on", "Lamp switch state", null, null, ObservationType.TRUTH),
          measured("dimming", "Dimming level", PERCENT, "%"),
          measured("power", "Lamp power", "watt", "W"));

  static final List<DatastreamSpec> VACCINE_FRIDGE =
      List.of(measured("temperature", "Fridge temperature", "degree Celsius", "Cel"));

  static final List<DatastreamSpec> RIVER_GAUGE =
      List.of(measured("waterLevel", "River water level", "metre", "m"));

  private Datastreams() {}
}
