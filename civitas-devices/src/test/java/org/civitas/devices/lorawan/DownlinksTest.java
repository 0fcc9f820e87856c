package org.civitas.devices.lorawan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.error.UnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both downlink clients against a real HTTP server on loopback that records what it received. */
class DownlinksTest {

  private static final byte[] PAYLOAD = {0x01, 0x02, (byte) 0xFF};
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** What the server received. */
  record Received(String method, String path, Map<String, String> headers, JsonNode body) {}

  private HttpServer server;
  private final java.util.concurrent.ExecutorService executor =
      java.util.concurrent.Executors.newFixedThreadPool(2);
  private URI base;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private volatile int status = 200;
  private volatile String answer = "{}";
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hang;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
    received.add(
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            headers,
            EventJson.MAPPER.readTree(body)));
    if (hang) {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] out = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      exchange.getResponseBody().write(out);
    }
    exchange.close();
  }

  private Received request() throws InterruptedException {
    Received r = received.poll(5, TimeUnit.SECONDS);
    assertThat(r).as("the server received a request").isNotNull();
    return r;
  }

  @Test
  void chirpstack_queues_base64_data_on_the_port_with_the_api_token() throws Exception {
    answer = "{\"id\":\"9a1e4f6c-5d5e-4a55-9a8e-0d7f3b1c2e11\"}";
    ChirpStackDownlinks chirpStack =
        new ChirpStackDownlinks(base, "eyJ0eXAiOiJKV1Qi.token", TIMEOUT);

    DownlinkReceipt receipt =
        chirpStack
            .enqueue(new Downlink("0101A1B2C3D4E5F6", 10, PAYLOAD, true))
            .get(5, TimeUnit.SECONDS);

    assertThat(receipt)
        .isEqualTo(
            new DownlinkReceipt(
                "0101A1B2C3D4E5F6", java.util.Optional.of("9a1e4f6c-5d5e-4a55-9a8e-0d7f3b1c2e11")));
    Received r = request();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/api/devices/0101a1b2c3d4e5f6/queue");
    assertThat(r.headers())
        .containsEntry("Grpc-Metadata-Authorization", "Bearer eyJ0eXAiOiJKV1Qi.token")
        .containsEntry("Content-Type", "application/json");
    assertThat(r.body())
        .isEqualTo(
            EventJson.MAPPER.readTree(
                "{\"queueItem\":{\"devEui\":\"0101a1b2c3d4e5f6\",\"confirmed\":true,\"fPort\":10,\"data\":\"AQL/\"}}"));
  }

  @Test
  void a_base_url_with_a_path_keeps_it() throws Exception {
    new ChirpStackDownlinks(URI.create(base + "/chirpstack/"), "token", TIMEOUT)
        .enqueue(new Downlink("0101a1b2c3d4e5f6", 1, PAYLOAD, false))
        .get(5, TimeUnit.SECONDS);
    assertThat(request().path()).isEqualTo("/chirpstack/api/devices/0101a1b2c3d4e5f6/queue");
  }

  @Test
  void tts_pushes_and_replaces_through_the_webhook_downlink_api() throws Exception {
    TtsDownlinks tts = new TtsDownlinks(base, "civitas-waste", "civitas", "NNSXS.KEY", TIMEOUT);

    DownlinkReceipt receipt =
        tts.enqueue(new Downlink("bin-marktplein-07", 15, PAYLOAD, false)).get(5, TimeUnit.SECONDS);
    assertThat(receipt.device()).isEqualTo("bin-marktplein-07");
    assertThat(receipt.queueItemId()).isEmpty();
    Received push = request();
    assertThat(push.method()).isEqualTo("POST");
    assertThat(push.path())
        .isEqualTo(
            "/api/v3/as/applications/civitas-waste/webhooks/civitas/devices/bin-marktplein-07/down/push");
    assertThat(push.headers()).containsEntry("Authorization", "Bearer NNSXS.KEY");
    assertThat(push.body())
        .isEqualTo(
            EventJson.MAPPER.readTree(
                "{\"downlinks\":[{\"frm_payload\":\"AQL/\",\"f_port\":15,\"priority\":\"NORMAL\"}]}"));

    tts.replace(new Downlink("bin-marktplein-07", 16, PAYLOAD, true)).get(5, TimeUnit.SECONDS);
    Received replace = request();
    assertThat(replace.path()).endsWith("/devices/bin-marktplein-07/down/replace");
    assertThat(replace.body().at("/downlinks/0/confirmed").asBoolean()).isTrue();
    assertThat(replace.body().at("/downlinks/0/f_port").asInt()).isEqualTo(16);
  }

  @Test
  void an_unknown_device_is_not_found_and_the_message_quotes_the_server() {
    status = 404;
    answer =
        "{\"code\":5,\"message\":\"Object does not exist (id: 0101a1b2c3d4e5f6)\",\"details\":[]}";
    ChirpStackDownlinks chirpStack = new ChirpStackDownlinks(base, "token", TIMEOUT);
    assertThatThrownBy(
            () -> chirpStack.enqueue(new Downlink("0101a1b2c3d4e5f6", 1, PAYLOAD, false)).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(
            "ChirpStack refused the downlink for device 0101a1b2c3d4e5f6: HTTP 404")
        .hasMessageContaining("Object does not exist");
  }

  @Test
  void a_refused_payload_is_invalid_input_and_a_refused_key_unavailable() {
    TtsDownlinks tts = new TtsDownlinks(base, "app", "wh", "NNSXS.KEY", TIMEOUT);
    status = 400;
    answer = "{\"code\":3,\"message\":\"error:pkg/messageprocessors:payload_too_large\"}";
    assertThatThrownBy(() -> tts.enqueue(new Downlink("dev1", 1, PAYLOAD, false)).join())
        .cause()
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("The Things Stack refused the downlink for device dev1: HTTP 400")
        .hasMessageContaining("payload_too_large");
    status = 401;
    answer = "";
    assertThatThrownBy(() -> tts.enqueue(new Downlink("dev1", 1, PAYLOAD, false)).join())
        .cause()
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("HTTP 401, no body");
  }

  @Test
  void a_server_that_does_not_answer_in_time_is_unavailable() {
    hang = true;
    ChirpStackDownlinks chirpStack = new ChirpStackDownlinks(base, "token", Duration.ofMillis(300));
    assertThatThrownBy(
            () -> chirpStack.enqueue(new Downlink("0101a1b2c3d4e5f6", 1, PAYLOAD, false)).join())
        .cause()
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("did not answer within 300 ms");
  }

  @Test
  void a_server_that_is_not_there_is_unavailable() {
    server.stop(0);
    ChirpStackDownlinks chirpStack = new ChirpStackDownlinks(base, "token", TIMEOUT);
    assertThatThrownBy(
            () -> chirpStack.enqueue(new Downlink("0101a1b2c3d4e5f6", 1, PAYLOAD, false)).join())
        .cause()
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("could not be reached");
  }

  @Test
  void a_downlink_needs_a_valid_port_and_chirpstack_a_dev_eui() {
    assertThatThrownBy(() -> new Downlink("dev1", 0, PAYLOAD, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 223");
    assertThatThrownBy(() -> new Downlink("dev1", 224, PAYLOAD, false))
        .isInstanceOf(IllegalArgumentException.class);
    ChirpStackDownlinks chirpStack = new ChirpStackDownlinks(base, "token", TIMEOUT);
    assertThatThrownBy(() -> chirpStack.enqueue(new Downlink("bin-07", 1, PAYLOAD, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DevEUI");
    assertThat(received).isEmpty();
  }
}
