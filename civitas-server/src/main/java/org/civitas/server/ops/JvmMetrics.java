package org.civitas.server.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/** The standard JVM and process meters (memory, GC, threads, CPU, uptime, file descriptors). */
final class JvmMetrics implements AutoCloseable {

  private final JvmGcMetrics gc;

  private JvmMetrics(JvmGcMetrics gc) {
    this.gc = gc;
  }

  static JvmMetrics bindTo(MeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return new JvmMetrics(gc);
  }

  /** Removes the GC notification listeners, which would otherwise outlive a stopped server. */
  @Override
  public void close() {
    gc.close();
  }
}
