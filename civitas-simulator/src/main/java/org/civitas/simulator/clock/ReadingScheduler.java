package org.civitas.simulator.clock;

import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.BiFunction;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.Reading;
import org.civitas.simulator.random.RandomStreams;

/**
 * Yields the readings of all devices in time order, each device at its own interval, from a start
 * instant until an end. The queue holds exactly one entry per device, its next reading time, so
 * memory stays the same however long the run. A device reports at fixed instants (its interval from
 * a phase of its own), so the same instants come whatever the run's start; ties are broken by
 * device order, so two runs yield the same sequence.
 *
 * <p>A silent device keeps its entry and yields nothing until it speaks again. Not thread-safe.
 */
public final class ReadingScheduler implements Iterator<Reading> {
  private record Due(Instant time, int device) {}

  private final List<Device> devices;
  private final Instant until;
  private final BiFunction<Device, Instant, Optional<Reading>> source;
  private final PriorityQueue<Due> queue =
      new PriorityQueue<>(Comparator.comparing(Due::time).thenComparingInt(Due::device));
  private Reading next;

  /**
   * @param devices the devices to schedule
   * @param from the first instant a reading may have (inclusive)
   * @param until the end of the run (exclusive)
   * @param source the reading of a device at an instant, empty when it says nothing
   */
  public ReadingScheduler(
      List<Device> devices,
      Instant from,
      Instant until,
      BiFunction<Device, Instant, Optional<Reading>> source) {
    this.devices = List.copyOf(devices);
    this.until = until;
    this.source = source;
    for (int i = 0; i < this.devices.size(); i++) {
      queue.add(new Due(firstAtOrAfter(this.devices.get(i), from), i));
    }
  }

  /** How many entries the queue holds: always the number of devices. */
  public int queued() {
    return queue.size();
  }

  /** When the next scheduled reading is due (it may turn out silent), or empty after the end. */
  public Optional<Instant> nextTime() {
    if (next != null) {
      return Optional.of(next.time());
    }
    Due due = queue.peek();
    return due == null || !due.time().isBefore(until) ? Optional.empty() : Optional.of(due.time());
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      Due due = queue.peek();
      if (due == null || !due.time().isBefore(until)) {
        return false;
      }
      queue.poll();
      Device device = devices.get(due.device());
      queue.add(new Due(due.time().plus(device.interval()), due.device()));
      next = source.apply(device, due.time()).orElse(null);
    }
    return true;
  }

  @Override
  public Reading next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no reading before " + until);
    }
    Reading reading = next;
    next = null;
    return reading;
  }

  /** The device's first reading instant at or after {@code from}, on its own phase. */
  static Instant firstAtOrAfter(Device device, Instant from) {
    long interval = device.interval().toSeconds();
    long phase = Math.floorMod(RandomStreams.key(device.id()), interval);
    long seconds = from.getEpochSecond() + (from.getNano() > 0 ? 1 : 0);
    long offset = Math.floorMod(seconds - phase, interval);
    return Instant.ofEpochSecond(offset == 0 ? seconds : seconds + interval - offset);
  }
}
