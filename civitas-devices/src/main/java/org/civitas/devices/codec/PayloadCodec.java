package org.civitas.devices.codec;

import java.util.List;

/**
 * Turns the bytes a device sent into readings. A device's profile names its codec; connectors never
 * decode themselves.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface PayloadCodec {

  /**
   * Decodes one payload.
   *
   * @throws org.civitas.error.InvalidInputException naming the offending part (field {@code
   *     payload}) when the bytes do not fit the codec
   */
  List<Reading> decode(byte[] payload);
}
