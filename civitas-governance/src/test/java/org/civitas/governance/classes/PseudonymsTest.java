package org.civitas.governance.classes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PseudonymsTest {

  private static byte[] secret(int fill) {
    byte[] secret = new byte[Pseudonyms.MIN_SECRET_BYTES];
    Arrays.fill(secret, (byte) fill);
    return secret;
  }

  @Test
  void the_same_identifier_gets_the_same_pseudonym_under_one_secret() {
    Pseudonyms node = new Pseudonyms(secret(1));
    Pseudonyms otherNode = new Pseudonyms(secret(1));

    assertThat(node.of("resident-4711")).isEqualTo(otherNode.of("resident-4711"));
    assertThat(node.of("resident-4711")).matches("pseud-[0-9a-f]{32}");
    assertThat(node.of("resident-4711")).isNotEqualTo(node.of("resident-4712"));
  }

  @Test
  void another_secret_gives_other_pseudonyms() {
    assertThat(new Pseudonyms(secret(1)).of("resident-4711"))
        .isNotEqualTo(new Pseudonyms(secret(2)).of("resident-4711"));
  }

  @Test
  void a_short_secret_is_refused() {
    assertThatThrownBy(() -> new Pseudonyms(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
  }
}
