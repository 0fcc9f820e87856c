package org.civitas.devices.lorawan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** The webhook bodies under {@code src/test/resources/lorawan}, as they are or altered. */
final class Fixtures {

  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/lorawan/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture lorawan/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The fixture with {@code change} applied to its JSON tree. */
  static byte[] altered(String name, Consumer<ObjectNode> change) {
    try {
      ObjectNode tree = (ObjectNode) EventJson.MAPPER.readTree(bytes(name));
      change.accept(tree);
      return EventJson.MAPPER.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
