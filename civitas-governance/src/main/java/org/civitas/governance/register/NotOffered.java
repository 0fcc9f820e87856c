package org.civitas.governance.register;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Capabilities that identify or follow people: Civitas does not offer them at all, whatever the
 * Triple Test would say, and a register entry declaring one is refused. The public register lists
 * them, so residents can see what the city's platform will not do. Each has the slug of the
 * register and the other names it goes by.
 */
public enum NotOffered {
  FACIAL_RECOGNITION(
      "facial-recognition",
      "Recognising or matching people's faces",
      "face-recognition",
      "face-identification",
      "face-matching"),
  BIOMETRIC_IDENTIFICATION(
      "biometric-identification",
      "Identifying people by their body or behaviour (fingerprints, iris, gait, voice)",
      "biometrics",
      "fingerprint-identification",
      "iris-recognition",
      "gait-recognition",
      "voice-identification",
      "voice-recognition"),
  TRACKING_OF_INDIVIDUALS(
      "tracking-of-individuals",
      "Following an individual person, or their phone or vehicle, from place to place",
      "individual-tracking",
      "person-tracking",
      "people-tracking",
      "re-identification",
      "device-tracking",
      "mac-address-tracking",
      "wifi-tracking",
      "bluetooth-tracking"),
  LICENCE_PLATE_RECOGNITION(
      "licence-plate-recognition",
      "Reading number plates, which follows the movements of the people who drive",
      "license-plate-recognition",
      "number-plate-recognition",
      "anpr",
      "alpr"),
  EMOTION_RECOGNITION(
      "emotion-recognition",
      "Inferring people's emotions or intentions from their faces, voices or bodies",
      "affect-recognition");

  private final String slug;
  private final String description;
  private final List<String> otherNames;

  NotOffered(String slug, String description, String... otherNames) {
    this.slug = slug;
    this.description = description;
    this.otherNames = List.of(otherNames);
  }

  public String slug() {
    return slug;
  }

  /** What the capability is, in plain words. */
  public String description() {
    return description;
  }

  /** Why a register entry with it is refused: the message of the refusal. */
  public String refusal() {
    return "Civitas does not offer "
        + slug
        + " ("
        + description.toLowerCase(Locale.ROOT)
        + "): capabilities that identify or track people cannot be registered or deployed";
  }

  /**
   * The capability {@code text} names, if it is one of these: compared without case, with spaces
   * and underscores read as hyphens.
   */
  public static Optional<NotOffered> named(String text) {
    String slug = normalise(text);
    return Arrays.stream(values())
        .filter(c -> c.slug.equals(slug) || c.otherNames.contains(slug))
        .findFirst();
  }

  static String normalise(String text) {
    return text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", "-");
  }
}
