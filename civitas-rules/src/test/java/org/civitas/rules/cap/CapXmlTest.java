package org.civitas.rules.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapXmlTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00.750Z");
  private static final CapValidator VALIDATOR = new CapValidator();

  private static AlertContent content() {
    return new AlertContent(
        Cap.Status.ACTUAL,
        "en-GB",
        List.of(Cap.Category.MET),
        "Flood warning",
        List.of(Cap.ResponseType.EVACUATE),
        Cap.Urgency.IMMEDIATE,
        Cap.Severity.SEVERE,
        Cap.Certainty.OBSERVED,
        T0,
        T0,
        T0.plusSeconds(6 * 3600),
        "Brennhaven civil protection",
        "River Brenn over 4.2 m <rising> & more",
        "Water level 4.31 m at the harbour gauge",
        "Leave the quay; go to higher floors",
        URI.create("https://city.example/alerts/"),
        Map.of("civitasRule", "flood-harbour"),
        List.of("Harbour"));
  }

  private static final PublicAlert.Area AREA =
      new PublicAlert.Area("Harbour", List.of("52,9 52,9.1 52.1,9.1 52,9"));

  private static PublicAlert alert() {
    return new PublicAlert(
        "urn:uuid:0b4c7e3e-5b0a-4f3c-9d7e-1f2a3b4c5d6e",
        "civitas@brennhaven.example",
        T0,
        Cap.MsgType.ALERT,
        List.of(),
        null,
        content(),
        AREA);
  }

  @Test
  void an_alert_validates_against_the_cap_schema_with_offset_times_without_fractions() {
    String xml = CapXml.write(alert());

    assertThat(VALIDATOR.problems(xml)).isEmpty();
    assertThat(xml)
        .contains("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">")
        .contains("<sent>2026-11-23T10:00:00+00:00</sent>")
        .contains("<msgType>Alert</msgType>")
        .contains("<scope>Public</scope>")
        .contains("<polygon>52,9 52,9.1 52.1,9.1 52,9</polygon>")
        .contains("over 4.2 m &lt;rising&gt; &amp; more")
        .doesNotContain("<references>");
  }

  @Test
  void an_update_and_a_cancel_reference_their_chain_and_validate() {
    PublicAlert first = alert();
    PublicAlert update =
        new PublicAlert(
            "urn:uuid:1",
            first.sender(),
            T0.plusSeconds(600),
            Cap.MsgType.UPDATE,
            List.of(first.asReference()),
            "level still rising",
            content(),
            AREA);
    PublicAlert cancel =
        new PublicAlert(
            "urn:uuid:2",
            first.sender(),
            T0.plusSeconds(1200),
            Cap.MsgType.CANCEL,
            List.of(first.asReference(), update.asReference()),
            null,
            content(),
            AREA);

    String updateXml = CapXml.write(update);
    String cancelXml = CapXml.write(cancel);

    assertThat(VALIDATOR.problems(updateXml)).isEmpty();
    assertThat(VALIDATOR.problems(cancelXml)).isEmpty();
    assertThat(updateXml)
        .contains(
            "<references>civitas@brennhaven.example,urn:uuid:0b4c7e3e-5b0a-4f3c-9d7e-1f2a3b4c5d6e,"
                + "2026-11-23T10:00:00+00:00</references>");
    assertThat(cancelXml)
        .contains("<msgType>Cancel</msgType>")
        .contains(
            "2026-11-23T10:00:00+00:00 civitas@brennhaven.example,urn:uuid:1,"
                + "2026-11-23T10:10:00+00:00</references>");
  }

  @Test
  void the_validator_rejects_a_message_without_a_required_element() {
    String withoutSender =
        CapXml.write(alert()).replace("<sender>civitas@brennhaven.example</sender>", "");

    assertThat(VALIDATOR.problems(withoutSender)).isNotEmpty().anyMatch(p -> p.contains("sender"));
  }

  @Test
  void the_validator_rejects_a_z_time_a_wrong_value_and_a_doctype() {
    String xml = CapXml.write(alert());

    assertThat(VALIDATOR.problems(xml.replace("10:00:00+00:00</sent>", "10:00:00Z</sent>")))
        .isNotEmpty();
    assertThat(VALIDATOR.problems(xml.replace("<urgency>Immediate", "<urgency>Now"))).isNotEmpty();
    assertThat(
            VALIDATOR.problems(
                xml.replace(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                    "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x \"y\">]>")))
        .isNotEmpty();
  }
}
