package org.civitas.rules.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Sends one plain-text e-mail over SMTP (RFC 5321) on a socket: EHLO, MAIL FROM, RCPT TO for each
 * recipient, DATA with dot-stuffing, QUIT. No authentication and no STARTTLS (left out knowingly:
 * use a relay on the local network or loopback). Non-ASCII subjects are RFC 2047 encoded; the body
 * is UTF-8 in 8 bits.
 */
final class SmtpSender {
  private static final int TIMEOUT_MILLIS = 10_000;

  /** The message: a subject and a text body. */
  record Mail(String subject, String body) {}

  SendResult send(NotificationChannel channel, Mail mail, String messageId) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(channel.smtpHost(), channel.smtpPort()), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      expect(in, 220, "greeting");
      command(out, in, "EHLO civitas", 250);
      command(out, in, "MAIL FROM:<" + channel.from() + ">", 250);
      for (String to : channel.to()) {
        command(out, in, "RCPT TO:<" + to + ">", 250);
      }
      command(out, in, "DATA", 354);
      write(out, message(channel, mail, messageId));
      String accepted = expect(in, 250, "end of data");
      command(out, in, "QUIT", 221);
      return new SendResult(true, "SMTP " + accepted);
    } catch (SmtpRefused e) {
      return new SendResult(false, e.getMessage());
    } catch (IOException e) {
      return new SendResult(false, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static String message(NotificationChannel channel, Mail mail, String messageId) {
    StringBuilder text = new StringBuilder();
    text.append("From: ").append(channel.from()).append("\r\n");
    text.append("To: ").append(String.join(", ", channel.to())).append("\r\n");
    text.append("Subject: ").append(header(mail.subject())).append("\r\n");
    text.append("Date: ")
        .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
        .append("\r\n");
    text.append("Message-ID: <").append(messageId).append(">\r\n");
    text.append("MIME-Version: 1.0\r\n");
    text.append("Content-Type: text/plain; charset=UTF-8\r\n");
    text.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
    for (String line : mail.body().split("\r?\n", -1)) {
      // Dot-stuffing (RFC 5321, 4.5.2): a line starting with "." gets another.
      text.append(line.startsWith(".") ? "." + line : line).append("\r\n");
    }
    text.append(".\r\n");
    return text.toString();
  }

  private static String header(String value) {
    String oneLine = value.replaceAll("[\r\n]+", " ");
    boolean ascii = oneLine.chars().allMatch(c -> c >= 32 && c < 127);
    return ascii
        ? oneLine
        : "=?UTF-8?B?"
            + Base64.getEncoder().encodeToString(oneLine.getBytes(StandardCharsets.UTF_8))
            + "?=";
  }

  private static void command(OutputStream out, BufferedReader in, String line, int code)
      throws IOException {
    write(out, line + "\r\n");
    expect(in, code, line.split(":", 2)[0]);
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads one reply, multi-line ones ("250-...") to their last line; refuses another code. */
  private static String expect(BufferedReader in, int code, String after) throws IOException {
    String line;
    do {
      line = in.readLine();
      if (line == null) {
        throw new IOException("the SMTP server closed the connection after " + after);
      }
    } while (line.length() > 3 && line.charAt(3) == '-');
    if (!line.startsWith(Integer.toString(code))) {
      throw new SmtpRefused("SMTP refused " + after + ": " + line);
    }
    return line;
  }

  private static final class SmtpRefused extends IOException {
    private static final long serialVersionUID = 1L;

    SmtpRefused(String message) {
      super(message);
    }
  }
}
