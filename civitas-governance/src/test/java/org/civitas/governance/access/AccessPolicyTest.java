package org.civitas.governance.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private final AccessPolicy policy = AccessPolicy.defaults();

  @Test
  void a_pattern_matches_literally_one_segment_per_placeholder_and_anything_after_a_final_star() {
    PathPattern uplink = PathPattern.of("/api/v1/devices/{id}/uplink");
    assertThat(uplink.matches("/api/v1/devices/bin-17/uplink")).isTrue();
    assertThat(uplink.matches("/api/v1/devices/a/b/uplink")).isFalse();
    assertThat(uplink.matches("/api/v1/devices//uplink")).isFalse();

    PathPattern alerts = PathPattern.of("/api/v1/alerts*");
    assertThat(alerts.matches("/api/v1/alerts")).isTrue();
    assertThat(alerts.matches("/api/v1/alerts/12")).isTrue();
    assertThat(PathPattern.of("/v1.1").matches("/v1x1")).as("dots are literal").isFalse();
  }

  @Test
  void malformed_patterns_are_refused_when_made() {
    assertThatThrownBy(() -> PathPattern.of("api")).hasMessageContaining("starts with '/'");
    assertThatThrownBy(() -> PathPattern.of("/a*/b")).hasMessageContaining("only at its end");
    assertThatThrownBy(() -> PathPattern.of("/a/{id")).hasMessageContaining("'{' without '}'");
  }

  @Test
  void the_defaults_open_the_portal_and_open_data_and_keep_management_private() {
    assertThat(policy.isPublicRead("/v1.1/Datastreams(3)/Observations")).isTrue();
    assertThat(policy.isPublicRead("/v1.0")).isTrue();
    assertThat(policy.isPublicRead("/health/ready")).isTrue();
    assertThat(policy.isPublicRead("/api/v1/register/traffic-cameras")).isTrue();
    assertThat(policy.isPublicRead("/console/app.js")).isTrue();
    assertThat(policy.isPublicRead("/api/v1/devices")).isFalse();
    assertThat(policy.isPublicRead("/api/v1/rules/3")).isFalse();
    assertThat(policy.isPublicRead("/api/v1/live")).isFalse();
    assertThat(policy.isPublicRead("/api/v1/governance/accounts")).isFalse();
    assertThat(policy.isAdministratorOnly("/api/v1/governance/api-keys/abc")).isTrue();
  }

  @Test
  void writes_that_authenticate_themselves_are_exempt_by_method_and_path() {
    assertThat(policy.isExemptWrite("POST", "/api/v1/devices/bin-17/uplink")).isTrue();
    assertThat(policy.isExemptWrite("PUT", "/api/v1/devices/bin-17/uplink")).isFalse();
    assertThat(policy.isExemptWrite("POST", "/api/v1/lorawan/chirpstack")).isTrue();
    assertThat(policy.isExemptWrite("POST", "/api/v1/auth/sign-in")).isTrue();
    assertThat(policy.isExemptWrite("POST", "/api/v1/auth/sign-out")).isFalse();
    assertThat(policy.isExemptWrite("POST", "/api/v1/devices")).isFalse();
  }

  @Test
  void the_app_extends_the_policy_without_changing_the_defaults() {
    AccessPolicy extended =
        policy
            .withExemptWrite("post", "/api/v1/open311/requests")
            .withPublicRead("/api/v1/open311/*");

    assertThat(extended.isExemptWrite("POST", "/api/v1/open311/requests")).isTrue();
    assertThat(extended.isPublicRead("/api/v1/open311/services")).isTrue();
    assertThat(policy.isExemptWrite("POST", "/api/v1/open311/requests")).isFalse();
    assertThatThrownBy(() -> policy.withExemptWrite("GET", "/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
