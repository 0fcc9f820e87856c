package org.civitas.governance.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void a_hash_is_argon2id_with_the_stated_parameters_and_verifies_only_its_password() {
    String encoded = hasher.hash("correct horse battery");

    assertThat(encoded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(encoded).doesNotContain("correct horse battery");
    assertThat(hasher.verify("correct horse battery", encoded)).isTrue();
    assertThat(hasher.verify("correct horse batterY", encoded)).isFalse();
  }

  @Test
  void the_same_password_hashes_differently_each_time_by_its_salt() {
    String first = hasher.hash("the same password");
    String second = hasher.hash("the same password");

    assertThat(first).isNotEqualTo(second);
    assertThat(hasher.verify("the same password", second)).isTrue();
  }

  @Test
  void an_encoding_that_is_not_argon2id_never_verifies() {
    assertThat(hasher.verify("secret", "secret")).isFalse();
    assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuu")).isFalse();
    assertThat(hasher.verify("x", null)).isFalse();
  }
}
