package org.civitas.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How long the disk under a directory takes to make an appended write durable (write + fsync), the
 * cost every acknowledged ingest batch of the embedded engine waits for. Printed with the figures
 * because on a shared machine it varies by orders of magnitude.
 */
final class DiskSync {
  private DiskSync() {}

  /** Latencies of {@code rounds} appends of 16 KiB, each followed by an fsync. */
  static Latencies measure(Path dir, int rounds) throws IOException {
    Path file = Files.createTempFile(dir, "fsync-", ".probe");
    Latencies latencies = new Latencies();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(16 * 1024);
      for (int i = 0; i < rounds; i++) {
        block.clear();
        long t0 = System.nanoTime();
        channel.write(block, (long) i * block.capacity());
        channel.force(true);
        latencies.add(System.nanoTime() - t0);
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return latencies;
  }
}
