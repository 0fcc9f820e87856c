package org.civitas.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * CPU time this process used since {@link #start()}: all its threads, server and load generator
 * alike, and the kernel work done on their behalf. On a shared machine this is steadier than
 * throughput, which also depends on what else runs.
 */
final class ProcessCpu {
  private final long startNanos;

  private ProcessCpu(long startNanos) {
    this.startNanos = startNanos;
  }

  static ProcessCpu start() {
    return new ProcessCpu(processCpuNanos());
  }

  /** CPU nanoseconds since start, or -1 where the JVM cannot tell. */
  long elapsedNanos() {
    long now = processCpuNanos();
    return now < 0 || startNanos < 0 ? -1 : now - startNanos;
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static long physicalMemoryBytes() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getTotalMemorySize()
        : -1;
  }

  private static long processCpuNanos() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : -1;
  }
}
