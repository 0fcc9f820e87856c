package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.DeviceKind;

/** The rhythm of every kind of device, over one environment. */
public final class Rhythms implements Rhythm {
  private final Map<DeviceKind, Rhythm> byKind = new EnumMap<>(DeviceKind.class);

  public Rhythms(Environment env) {
    for (DeviceKind kind : DeviceKind.values()) {
      byKind.put(kind, of(kind, env));
    }
  }

  private static Rhythm of(DeviceKind kind, Environment env) {
    return switch (kind) {
      case TRAFFIC_LOOP -> new TrafficLoopRhythm(env);
      case WASTE_BIN -> new WasteBinRhythm(env);
      case AIR_QUALITY -> new AirQualityRhythm(env);
      case NOISE_METER -> new NoiseRhythm(env);
      case WATER_METER -> new WaterRhythm(env);
      case ELECTRICITY_METER -> new ElectricityRhythm(env);
      case BUS -> new BusRhythm(env);
      case PARKING_BAY -> new ParkingRhythm(env);
      case STREETLIGHT -> new StreetlightRhythm(env);
      case VACCINE_FRIDGE -> new FridgeRhythm(env);
      case RIVER_GAUGE -> new RiverRhythm(env);
    };
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    return byKind.get(device.kind()).fields(device, time);
  }
}
