package org.civitas.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicAccessTest {

  private static final Optional<String> ANONYMOUS = Optional.empty();

  @Test
  void filters_that_could_match_a_device_topic_are_recognised() {
    assertThat(TopicAccess.mayReachDeviceSpace("#")).isTrue();
    assertThat(TopicAccess.mayReachDeviceSpace("+/#")).isTrue();
    assertThat(TopicAccess.mayReachDeviceSpace("civitas/#")).isTrue();
    assertThat(TopicAccess.mayReachDeviceSpace("civitas/+/bin-1/down")).isTrue();
    assertThat(TopicAccess.mayReachDeviceSpace("+/devices/+/up")).isTrue();
    assertThat(TopicAccess.mayReachDeviceSpace("$share/g/civitas/devices/+/up")).isTrue();

    assertThat(TopicAccess.mayReachDeviceSpace("civitas")).isFalse();
    assertThat(TopicAccess.mayReachDeviceSpace("civitas/devices")).isFalse();
    assertThat(TopicAccess.mayReachDeviceSpace("civitas/other/#")).isFalse();
    assertThat(TopicAccess.mayReachDeviceSpace("v1.1/#")).isFalse();
    assertThat(TopicAccess.mayReachDeviceSpace("+/Observations")).isFalse();
  }

  @Test
  void anonymous_subscribers_read_sensorthings_topics_only_and_publish_nothing() {
    TopicAccess access = new TopicAccess(MqttSettings.Anonymous.SUBSCRIBE, MqttDevices.NONE);

    assertThat(access.subscribe(ANONYMOUS, "v1.1/Datastreams(1)/Observations").allowed()).isTrue();
    assertThat(access.subscribe(ANONYMOUS, "v1.0/Things").allowed()).isTrue();
    assertThat(access.subscribe(ANONYMOUS, "city/news").allowed()).isFalse();
    assertThat(access.publish(ANONYMOUS, "v1.1/Observations").allowed()).isFalse();
    assertThat(access.publish(ANONYMOUS, "city/news").allowed()).isFalse();
  }

  @Test
  void anonymous_publishers_use_any_topic_but_the_device_space() {
    TopicAccess access = new TopicAccess(MqttSettings.Anonymous.PUBLISH, MqttDevices.NONE);

    assertThat(access.publish(ANONYMOUS, "v1.1/Observations").allowed()).isTrue();
    assertThat(access.publish(ANONYMOUS, "city/news").allowed()).isTrue();
    assertThat(access.subscribe(ANONYMOUS, "city/#").allowed()).isTrue();
    assertThat(access.publish(ANONYMOUS, "civitas/devices/bin-1/up").allowed()).isFalse();
    assertThat(access.publish(ANONYMOUS, "civitas/devices/bin-1/down").allowed()).isFalse();
    assertThat(access.subscribe(ANONYMOUS, "civitas/devices/bin-1/down").allowed()).isFalse();
    assertThat(access.subscribe(ANONYMOUS, "#").allowed()).isFalse();
  }

  @Test
  void a_device_the_registry_does_not_know_is_treated_as_revoked() {
    TopicAccess access = new TopicAccess(MqttSettings.Anonymous.PUBLISH, MqttDevices.NONE);

    TopicAccess.Decision decision =
        access.publish(Optional.of("bin-1"), "civitas/devices/bin-1/up");

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.revoked()).isTrue();
  }

  @Test
  void only_the_compact_up_topic_names_an_uplinking_device() {
    assertThat(TopicAccess.uplinkDevice("civitas/devices/bin-1/up")).contains("bin-1");
    assertThat(TopicAccess.uplinkDevice("civitas/devices/bin-1/down")).isEmpty();
    assertThat(TopicAccess.uplinkDevice("civitas/devices/+/up")).isEmpty();
    assertThat(TopicAccess.uplinkDevice("civitas/devices/a/b/up")).isEmpty();
  }
}
