package org.civitas.devices.store;

import java.util.Set;
import java.util.regex.Pattern;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;

/**
 * What a family of devices has in common: how their payloads are decoded.
 *
 * @param name its name, such as {@code bin-fill-v2}: 1 to 64 of {@code A-Z a-z 0-9 . _ -}
 * @param codec the codec kind: {@code json}, {@code cayenne-lpp} or {@code byte-layout}
 * @param codecSpec the codec's settings (a byte layout's fields), or null when it needs none
 */
public record DeviceProfile(String name, String codec, Json codecSpec) {

  /** The codec kinds a profile may name. */
  public static final Set<String> CODECS = Set.of("json", "cayenne-lpp", "byte-layout");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /**
   * @throws InvalidInputException naming {@code name} or {@code codec} when one breaks the rules
   */
  public DeviceProfile {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "a profile name is 1 to 64 of A-Z a-z 0-9 . _ -, found "
              + (name == null ? "nothing" : "\"" + name + "\""),
          "name");
    }
    if (codec == null || !CODECS.contains(codec)) {
      throw new InvalidInputException(
          "the codec is one of json, cayenne-lpp, byte-layout, found "
              + (codec == null ? "nothing" : "\"" + codec + "\""),
          "codec");
    }
  }
}
