package org.civitas.server.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device's HTTP endpoint for the tasking tests: a real HTTP server on a free port of 127.0.0.1
 * that records every body POSTed to {@code /tasks} and answers with the status it is told to.
 */
final class DeviceReceiver implements AutoCloseable {

  private final HttpServer server;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status = 200;

  /** How many requests to refuse with 503 before answering {@link #status}. */
  private final AtomicInteger refusals = new AtomicInteger();

  DeviceReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/tasks",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            requests.incrementAndGet();
            int answer = refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : status;
            if (answer / 100 == 2) {
              received.add(text);
            }
            exchange.sendResponseHeaders(answer, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/tasks";
  }

  /** Bodies of the requests answered with success, in arrival order. */
  List<String> received() {
    return List.copyOf(received);
  }

  int requests() {
    return requests.get();
  }

  void answer(int status) {
    this.status = status;
  }

  void refuseNext(int count) {
    refusals.set(count);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
