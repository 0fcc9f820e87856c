package org.civitas.devices.lorawan;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.civitas.devices.ingest.Radio;

/**
 * A device answered the network server's DevStatusReq with its battery and link margin.
 *
 * @param devEui 16 upper-case hexadecimal digits
 * @param receivedAt when the answer was received
 * @param marginDb the demodulation margin (SNR) of the device's last received DevStatusReq, in dB
 * @param externalPowerSource whether the device runs on external power (then it has no battery
 *     level)
 * @param batteryPercent the battery level, 0 to 100, unless the device could not measure it or runs
 *     on external power
 */
public record LorawanStatus(
    String devEui,
    Instant receivedAt,
    int marginDb,
    boolean externalPowerSource,
    Optional<Double> batteryPercent)
    implements LorawanEvent {

  public LorawanStatus {
    Objects.requireNonNull(devEui, "devEui");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(batteryPercent, "batteryPercent");
  }

  /** What device health learns from the status: the battery only. */
  public Radio radio() {
    return new Radio(null, null, null, batteryPercent.orElse(null));
  }
}
