package org.civitas.mqtt;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A device's HTTP endpoint on a free port of 127.0.0.1 that accepts Tasks, and can hold its answer
 * until the test releases it (so the test can subscribe before the delivery completes).
 */
final class DeviceEndpoint implements AutoCloseable {

  private final HttpServer server;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  DeviceEndpoint() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/tasks",
        exchange -> {
          try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            gate.await(10, TimeUnit.SECONDS);
            exchange.sendResponseHeaders(204, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/tasks";
  }

  /** Holds the answers to the next deliveries until {@link #release()}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
