package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.util.Map;
import org.civitas.simulator.device.Device;

/**
 * The model of one kind of device: what a device of that kind measures at a simulated instant,
 * before any planted fault. A pure function of the device, the instant and the seed, so readings
 * can be computed in any order and recomputed.
 */
public interface Rhythm {
  /** The device's values at the instant, by datastream field, in datastream order. */
  Map<String, Object> fields(Device device, Instant time);
}
