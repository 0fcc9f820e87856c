package org.civitas.governance.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  private static final Instant AT = Instant.parse("2026-12-01T08:00:00.123456Z");

  private static AuditEvent event(String actor, String action, Map<String, String> details) {
    return new AuditEvent(AT, actor, action, "purpose:leak-detection", details);
  }

  @Test
  void the_hash_follows_the_documented_encoding() {
    // Computed outside Java from the encoding in AuditChain's Javadoc (Python: hashlib.sha256 over
    // b"civitas-audit-v1" and each field as a 4-byte big-endian length and its UTF-8 bytes).
    AuditEvent event =
        event(
            "dpo-anna",
            "purpose.created",
            Map.of("purpose", "leak-detection", "name", "Leak détection ✓"));

    assertThat(AuditChain.hash(AuditChain.GENESIS, 1, event))
        .isEqualTo("dea0796b017b9994e54ca0d12c6b231bc27fc2603932592acf5772dc8576489b");
  }

  @Test
  void moving_text_between_fields_changes_the_hash() {
    String ab = AuditChain.hash(AuditChain.GENESIS, 1, event("a.b", "c", Map.of()));
    String bc = AuditChain.hash(AuditChain.GENESIS, 1, event("a", "b.c", Map.of()));
    String keyValue = AuditChain.hash(AuditChain.GENESIS, 1, event("a", "b", Map.of("k", "v=w")));
    String keyValue2 = AuditChain.hash(AuditChain.GENESIS, 1, event("a", "b", Map.of("k=v", "w")));

    assertThat(ab).isNotEqualTo(bc);
    assertThat(keyValue).isNotEqualTo(keyValue2);
  }

  @Test
  void the_order_details_were_given_in_does_not_matter_but_every_other_field_does() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("a", "1");
    forward.put("b", "2");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("b", "2");
    backward.put("a", "1");
    AuditEvent event = event("x", "y", forward);

    assertThat(AuditChain.hash(AuditChain.GENESIS, 1, event))
        .isEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, event("x", "y", backward)))
        .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 2, event))
        .isNotEqualTo(AuditChain.hash("1".repeat(64), 1, event))
        .isNotEqualTo(
            AuditChain.hash(
                AuditChain.GENESIS,
                1,
                new AuditEvent(AT.plusNanos(1_000), "x", "y", "purpose:leak-detection", forward)));
  }

  @Test
  void times_are_kept_to_the_microsecond_that_both_engines_store() {
    AuditEvent nanos = new AuditEvent(AT.plusNanos(999), "x", "y", "t", Map.of());

    assertThat(nanos.at()).isEqualTo(AT);
  }

  @Test
  void text_without_a_utf8_form_is_refused_rather_than_replaced() {
    AuditEvent lone = event("x\uD800", "y", Map.of());

    assertThatThrownBy(() -> AuditChain.hash(AuditChain.GENESIS, 1, lone))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid Unicode");
  }
}
