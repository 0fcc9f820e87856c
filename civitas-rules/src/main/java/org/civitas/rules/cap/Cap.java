package org.civitas.rules.cap;

/**
 * The value lists of OASIS CAP 1.2 (section 3.2) that Civitas issues. Only the values a public
 * alert of a city may carry are here: status {@code System} and {@code Draft}, message types {@code
 * Ack} and {@code Error} and scopes other than {@code Public} are never issued.
 */
public final class Cap {
  /** The XML namespace of CAP 1.2. */
  public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";

  private Cap() {}

  /** {@code <status>}: the handling of the message. */
  public enum Status implements CapCode {
    ACTUAL("Actual"),
    EXERCISE("Exercise"),
    TEST("Test");

    private final String text;

    Status(String text) {
      this.text = text;
    }

    @Override
    public String text() {
      return text;
    }
  }

  /** {@code <msgType>}: what the message does to its chain. */
  public enum MsgType implements CapCode {
    ALERT("Alert"),
    UPDATE("Update"),
    CANCEL("Cancel");

    private final String text;

    MsgType(String text) {
      this.text = text;
    }

    @Override
    public String text() {
      return text;
    }
  }

  /** {@code <category>}: the category of the event. */
  public enum Category implements CapCode {
    GEO("Geo"),
    MET("Met"),
    SAFETY("Safety"),
    SECURITY("Security"),
    RESCUE("Rescue"),
    FIRE("Fire"),
    HEALTH("Health"),
    ENV("Env"),
    TRANSPORT("Transport"),
    INFRA("Infra"),
    CBRNE("CBRNE"),
    OTHER("Other");

    private final String text;

    Category(String text) {
      this.text = text;
    }

    @Override
    public String text() {
      return text;
    }
  }

  /** {@code <responseType>}: the action recommended to the public. */
  public enum ResponseType implements CapCode {
    SHELTER("Shelter"),
    EVACUATE("Evacuate"),
    PREPARE("Prepare"),
    EXECUTE("Execute"),
    AVOID("Avoid"),
    MONITOR("Monitor"),
    ASSESS("Assess"),
    ALL_CLEAR("AllClear"),
    NONE("None");

    private final String text;

    ResponseType(String text) {
      this.text = text;
    }

    @Override
    public String text() {
      return text;
    }
  }

  /** {@code <urgency>}. */
  public enum Urgency implements CapCode {
    IMMEDIATE("Immediate"),
    EXPECTED("Expected"),
    FUTURE("Future"),
    PAST("Past"),
    UNKNOWN("Unknown");

    private final String text;

    Urgency(String text) {
      this.text = text;
    }

    @Override
    public String text() {
      return text;
    }
  }

  /** {@code <severity>}, from most to least severe. */
  public enum Severity implements CapCode {
    EXTREME("Extreme"),
    SEVERE("Severe"),
    MODERATE("Moderate"),
    MINOR("Minor"),
    UNKNOWN("Unknown");

    private final String text;

    Severity(String text) {
      this.text = text;
    }

    @Override
    public String text() {
      return text;
    }
  }

  /** {@code <certainty>}. */
  public enum Certainty implements CapCode {
    OBSERVED("Observed"),
    LIKELY("Likely"),
    POSSIBLE("Possible"),
    UNLIKELY("Unlikely"),
    UNKNOWN("Unknown");

    private final String text;

    Certainty(String text) {
      this.text = text;
    }

    @Override
    public String text() {
      return text;
    }
  }
}
