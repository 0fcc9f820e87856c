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

  @Test
  void under_a_guard_topics_naming_a_stream_that_is_not_public_are_refused_to_everyone() {
    org.civitas.server.access.ReadAccess onlyDatastream7 =
        new org.civitas.server.access.ReadAccess() {
          @Override
          public void requireReadable(org.civitas.timeseries.ObservationStream stream) {
            if (!(stream instanceof org.civitas.timeseries.ObservationStream.Datastream d)
                || d.id() != 7) {
              throw new org.civitas.error.UnauthorizedException("not public", "Authorization");
            }
          }

          @Override
          public org.civitas.server.access.Visibility datastreams() {
            return new org.civitas.server.access.Visibility.Only(java.util.Set.of(7L));
          }

          @Override
          public org.civitas.server.access.Visibility multiDatastreams() {
            return new org.civitas.server.access.Visibility.Only(java.util.Set.of());
          }

          @Override
          public void reading(org.civitas.timeseries.ObservationStream stream) {}

          @Override
          public void readingAnyVisible() {}

          @Override
          public boolean revealsSubjects() {
            return false;
          }

          @Override
          public org.civitas.sensing.model.Entity present(org.civitas.sensing.model.Entity e) {
            return e;
          }
        };
    TopicAccess access =
        new TopicAccess(MqttSettings.Anonymous.PUBLISH, MqttDevices.NONE, () -> onlyDatastream7);

    assertThat(access.subscribe(ANONYMOUS, "v1.1/Datastreams(7)/Observations").allowed()).isTrue();
    assertThat(access.subscribe(ANONYMOUS, "v1.1/Datastreams(12)/Observations").allowed())
        .isFalse();
    assertThat(access.subscribe(ANONYMOUS, "v1.0/Datastreams(12)").allowed()).isFalse();
    assertThat(access.subscribe(ANONYMOUS, "v1.1/Things(1)/Datastreams(12)/Observations").allowed())
        .isFalse();
    assertThat(access.subscribe(ANONYMOUS, "v1.1/MultiDatastreams(7)").allowed())
        .as("a MultiDatastream is internal")
        .isFalse();
    assertThat(access.subscribe(ANONYMOUS, "$share/g/v1.1/Datastreams(12)/Observations").allowed())
        .isFalse();
    assertThat(access.subscribe(ANONYMOUS, "v1.1/Observations").allowed())
        .as("collections stay open; their messages leave out what is not public")
        .isTrue();
    assertThat(access.subscribe(Optional.of("bin-1"), "v1.1/Datastreams(12)").reason())
        .contains("Datastream 12 is not open data");
  }
}
