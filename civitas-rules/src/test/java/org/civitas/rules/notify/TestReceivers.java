package org.civitas.rules.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver and an SMTP receiver on free ports of 127.0.0.1, recording what they get. */
final class TestReceivers {
  private TestReceivers() {}

  record Request(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  /** Answers {@code status} to every POST on /hook; the status may be changed while it runs. */
  static final class Webhook implements AutoCloseable {
    final List<Request> received = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(204);
    private final HttpServer server;

    Webhook() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext(
          "/hook",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** Accepts SMTP dialogues one at a time and records each message's DATA. */
  static final class Smtp implements AutoCloseable {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<String> recipients = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final Thread thread;

    Smtp() {
      try {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      thread = new Thread(this::serve, "test-smtp");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket client = socket.accept()) {
          client.setSoTimeout(10_000);
          dialogue(client);
        } catch (IOException e) {
          // closed, or a client went away: wait for the next one
        }
      }
    }

    private void dialogue(Socket client) throws IOException {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = client.getOutputStream();
      reply(out, "220 test ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
        switch (verb) {
          case "EHLO" -> reply(out, "250-test\r\n250 8BITMIME");
          case "MAIL" -> reply(out, "250 OK");
          case "RCPT" -> {
            recipients.add(line.substring(line.indexOf('<') + 1, line.indexOf('>')));
            reply(out, "250 OK");
          }
          case "DATA" -> {
            reply(out, "354 go ahead");
            StringBuilder data = new StringBuilder();
            String dataLine;
            while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
              data.append(dataLine.startsWith("..") ? dataLine.substring(1) : dataLine)
                  .append('\n');
            }
            messages.add(data.toString());
            reply(out, "250 queued");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "500 unknown");
        }
      }
    }

    private static void reply(OutputStream out, String text) throws IOException {
      out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
