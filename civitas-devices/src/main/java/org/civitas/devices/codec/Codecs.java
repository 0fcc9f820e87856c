package org.civitas.devices.codec;

import java.util.Map;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.error.InvalidInputException;
import org.civitas.server.http.JsonCodec;

/**
 * Which {@link PayloadCodec} reads a device's payloads: the one place that turns a profile's codec
 * kind into a codec.
 */
public final class Codecs {
  private static final CayenneLppCodec CAYENNE_LPP = new CayenneLppCodec();

  private Codecs() {}

  /**
   * The codec of {@code profile}; a device without a profile sends the compact JSON format ({@link
   * JsonFieldsCodec}).
   *
   * @throws InvalidInputException (field {@code profile.codec}) when this build has no codec of
   *     that kind
   */
  public static PayloadCodec forProfile(DeviceProfile profile) {
    if (profile == null) {
      return JsonFieldsCodec.INSTANCE;
    }
    return switch (profile.codec()) {
      case "json" -> JsonFieldsCodec.INSTANCE;
      case "cayenne-lpp" -> CAYENNE_LPP;
      case "byte-layout" -> {
        if (profile.codecSpec() == null) {
          throw new InvalidInputException(
              "a byte-layout profile needs its layout in codecSpec", "profile.codecSpec");
        }
        yield ByteLayoutCodec.fromSpec(profile.codecSpec());
      }
      default -> throw notAvailable(profile);
    };
  }

  /**
   * The payload that tells a device of {@code profile} the given values, for downlinks: the inverse
   * of its codec. Compact JSON sends the values as a JSON object; a byte layout {@link
   * ByteLayoutCodec#encode encodes} every field of the layout; Cayenne LPP {@link
   * CayenneLppCodec#encode encodes} digital and analog outputs.
   *
   * @param profile the device's profile, or null for compact JSON
   * @throws InvalidInputException naming the value that cannot be encoded
   */
  public static byte[] encode(DeviceProfile profile, Map<String, Object> values) {
    if (profile == null || profile.codec().equals("json")) {
      return JsonCodec.write(values);
    }
    return switch (forProfile(profile)) {
      case ByteLayoutCodec layout -> layout.encode(values);
      case CayenneLppCodec lpp -> lpp.encode(values);
      default -> throw notAvailable(profile);
    };
  }

  private static InvalidInputException notAvailable(DeviceProfile profile) {
    return new InvalidInputException(
        "codec "
            + profile.codec()
            + " of profile "
            + profile.name()
            + " is not one of json, cayenne-lpp, byte-layout",
        "profile.codec");
  }
}
