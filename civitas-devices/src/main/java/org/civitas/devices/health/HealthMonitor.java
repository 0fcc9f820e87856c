package org.civitas.devices.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.DeviceActivity;
import org.civitas.devices.store.DeviceQuery;
import org.civitas.devices.store.DeviceState;
import org.civitas.server.sensing.SensingApi;
import org.civitas.timeseries.Bucket;
import org.civitas.timeseries.BucketWidth;
import org.civitas.timeseries.TimeSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assesses every active device of the registry on a schedule and keeps the latest {@link
 * HealthReport} in memory, with a Prometheus gauge {@code civitas_devices{state}} per state and the
 * timer {@code civitas_devices_health_assessment_seconds} of a run.
 *
 * <p>One run: pages through the active devices ({@value #PAGE} at a time; revoked devices are not
 * assessed), then works district by district. For each device of a district it reads its activity
 * (last seen, radio, battery) and the hourly buckets of each of its Datastreams over the last
 * {@link #WINDOW} from the (datastream, time) index — never a scan of observations. Neighbours of a
 * Datastream are the Datastreams of the other devices of the same district whose ObservedProperty
 * has the same definition ({@link StreamKinds}, cached between runs); their buckets are the ones
 * just read for those devices, so drift costs no extra reads. Where a district has too few of a
 * kind to compare with ({@link HealthPolicy#driftMinimumNeighbours()}; a city commonly has one air
 * station per district), the neighbours are the city's Datastreams of that kind instead: those are
 * read once per run, before the districts, and are the only buckets held beyond one district's. A
 * device without a district has no neighbours: its drift is not judged.
 *
 * <p>"Since when": silence and never-seen start at the last uplink and the provisioning, which are
 * stored. A stuck or out-of-range run that fills the whole window is followed back ({@link
 * RunStart}) to where it began. A finding seen in the previous run keeps its earlier start, so an
 * estimate (drift) does not wander from run to run. Nothing else needs to survive a restart, so the
 * monitor persists nothing: after a restart every start is derived from the data again.
 *
 * <p>Thread-safe; runs never overlap.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  /** How often the monitor runs by default. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  /** How much history each run reads per Datastream. */
  static final Duration WINDOW = Duration.ofHours(48);

  static final BucketWidth WIDTH = BucketWidth.HOUR;
  static final int PAGE = 500;

  private final DeviceRegistry registry;
  private final TimeSeries timeSeries;
  private final Clock clock;
  private final HealthAssessor assessor;
  private final HealthPolicy policy;
  private final Runnable flushActivity;
  private final StreamKinds kinds;
  private final Timer runs;
  private final Object lifecycle = new Object();
  private ScheduledExecutorService scheduler;
  private volatile HealthReport latest;

  /**
   * A monitor that runs only when asked ({@link #assessNow()}); {@link #start} schedules it.
   *
   * @param meters where the gauges and the timer are registered
   */
  public HealthMonitor(
      DeviceRegistry registry,
      SensingApi sensing,
      TimeSeries timeSeries,
      Clock clock,
      MeterRegistry meters,
      HealthPolicy policy) {
    this(registry, sensing, timeSeries, clock, meters, policy, () -> {});
  }

  /**
   * A monitor that first writes the activity the ingest pipeline holds in memory ({@code
   * flushActivity}, e.g. {@code DeviceIngest::flush}) before each run, so that an assessment asked
   * for right after uplinks were acknowledged judges them by when they came: a city replayed faster
   * than the activity flush would otherwise look silent for the last few seconds' worth of data.
   */
  public HealthMonitor(
      DeviceRegistry registry,
      SensingApi sensing,
      TimeSeries timeSeries,
      Clock clock,
      MeterRegistry meters,
      HealthPolicy policy,
      Runnable flushActivity) {
    this.flushActivity = flushActivity;
    this.registry = registry;
    this.timeSeries = timeSeries;
    this.clock = clock;
    this.assessor = new HealthAssessor(policy, WIDTH.duration().orElseThrow());
    this.policy = policy;
    this.kinds = new StreamKinds(sensing, clock);
    this.runs =
        Timer.builder("civitas.devices.health.assessment")
            .description("How long one assessment of every device's health took")
            .register(meters);
    for (HealthState state : HealthState.values()) {
      Gauge.builder("civitas.devices", this, monitor -> monitor.count(state))
          .description("Active devices in each health state at the last assessment")
          .tag("state", state.label())
          .register(meters);
    }
  }

  /** Runs an assessment now and then every {@code every}, on a thread of its own. */
  public HealthMonitor start(Duration every) {
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("the health interval must be positive, was " + every);
    }
    synchronized (lifecycle) {
      if (scheduler != null) {
        throw new IllegalStateException("the health monitor is already started");
      }
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> Thread.ofPlatform().daemon().name("device-health").unstarted(runnable));
      long millis = every.toMillis();
      scheduler.scheduleWithFixedDelay(this::assessQuietly, 0, millis, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** The latest report; empty before the first run finished. */
  public Optional<HealthReport> latest() {
    return Optional.ofNullable(latest);
  }

  /** The latest report, making one first when there is none yet. */
  public HealthReport report() {
    HealthReport report = latest;
    return report != null ? report : assessNow();
  }

  private double count(HealthState state) {
    HealthReport report = latest;
    return report == null ? 0 : report.counts().get(state);
  }

  private void assessQuietly() {
    try {
      assessNow();
    } catch (RuntimeException e) {
      log.warn("device health assessment failed; the last report stays: {}", e.toString());
    }
  }

  /** Assesses every active device now (waiting for a run in progress first). */
  public synchronized HealthReport assessNow() {
    Timer.Sample sample = Timer.start();
    try {
      try {
        flushActivity.run();
      } catch (RuntimeException e) {
        // Judged on the activity written before: at worst a device looks quiet a few seconds early.
        log.warn("writing device activity before the health assessment failed: {}", e.toString());
      }
      HealthReport report = assess(clock.instant());
      latest = report;
      return report;
    } finally {
      sample.stop(runs);
    }
  }

  private HealthReport assess(Instant now) {
    Map<String, List<Device>> byDistrict = new LinkedHashMap<>();
    List<Device> alone = new ArrayList<>();
    for (int skip = 0; ; skip += PAGE) {
      List<Device> page = registry.list(new DeviceQuery(DeviceState.ACTIVE, null, skip, PAGE));
      for (Device device : page) {
        if (device.district() == null) {
          alone.add(device);
        } else {
          byDistrict.computeIfAbsent(device.district(), name -> new ArrayList<>()).add(device);
        }
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    Instant to = now.plusSeconds(1);
    Instant from = now.truncatedTo(ChronoUnit.HOURS).minus(WINDOW);
    Map<String, List<Finding>> previous = new HashMap<>();
    if (latest != null) {
      latest.devices().forEach(health -> previous.put(health.deviceId(), health.findings()));
    }
    Set<Long> seenStreams = new HashSet<>();
    Map<String, Map<Long, List<Bucket>>> cityWide = cityWide(byDistrict.values(), from, to);
    List<DeviceHealth> healths = new ArrayList<>();
    for (List<Device> district : byDistrict.values()) {
      healths.addAll(assessGroup(district, from, to, now, previous, seenStreams, cityWide));
    }
    for (Device device : alone) {
      healths.addAll(assessGroup(List.of(device), from, to, now, previous, seenStreams, Map.of()));
    }
    kinds.retainOnly(seenStreams);
    HealthReport report = new HealthReport(now, healths);
    log.debug("device health: {} devices assessed, {}", healths.size(), report.counts());
    return report;
  }

  /**
   * The buckets of every Datastream, by kind, of the kinds that some district has too few of to
   * judge drift among themselves: a device there has fewer than the policy's minimum of neighbours
   * of its kind in its district.
   */
  private Map<String, Map<Long, List<Bucket>>> cityWide(
      Iterable<List<Device>> districts, Instant from, Instant to) {
    Map<String, Set<Long>> streamsOfKind = new HashMap<>();
    Set<String> sparse = new HashSet<>();
    for (List<Device> district : districts) {
      Map<String, Integer> devicesOfKind = new HashMap<>();
      for (Device device : district) {
        Set<String> own = new HashSet<>();
        for (long datastream : Set.copyOf(device.fields().values())) {
          kinds
              .of(datastream)
              .ifPresent(
                  kind -> {
                    own.add(kind.kind());
                    streamsOfKind
                        .computeIfAbsent(kind.kind(), k -> new HashSet<>())
                        .add(datastream);
                  });
        }
        own.forEach(kind -> devicesOfKind.merge(kind, 1, Integer::sum));
      }
      devicesOfKind.forEach(
          (kind, count) -> {
            if (count - 1 < policy.driftMinimumNeighbours()) {
              sparse.add(kind);
            }
          });
    }
    Map<String, Map<Long, List<Bucket>>> cityWide = new HashMap<>();
    for (String kind : sparse) {
      Set<Long> streams = streamsOfKind.get(kind);
      // With no more devices in the city than in the district, there is no one else to ask.
      if (streams.size() - 1 < policy.driftMinimumNeighbours()) {
        continue;
      }
      Map<Long, List<Bucket>> buckets = new HashMap<>();
      for (long datastream : streams) {
        buckets.put(datastream, timeSeries.aggregate(datastream, from, to, WIDTH));
      }
      cityWide.put(kind, buckets);
    }
    return cityWide;
  }

  /**
   * Assesses devices that are each other's neighbours.
   *
   * @param cityWide the buckets of the kinds the district may be too sparse in, by kind
   */
  private List<DeviceHealth> assessGroup(
      List<Device> devices,
      Instant from,
      Instant to,
      Instant now,
      Map<String, List<Finding>> previous,
      Set<Long> seenStreams,
      Map<String, Map<Long, List<Bucket>>> cityWide) {
    // Every Datastream of the group once: its kind and its buckets, shared as own and neighbour.
    Map<Long, StreamKinds.Kind> streamKinds = new HashMap<>();
    Map<Long, List<Bucket>> buckets = new HashMap<>();
    Map<String, Set<Long>> streamsOfKind = new HashMap<>();
    for (Device device : devices) {
      for (long datastream : Set.copyOf(device.fields().values())) {
        seenStreams.add(datastream);
        if (streamKinds.containsKey(datastream)) {
          continue;
        }
        Optional<StreamKinds.Kind> kind = kinds.of(datastream);
        if (kind.isEmpty()) {
          continue;
        }
        streamKinds.put(datastream, kind.get());
        List<Bucket> read = cityWide.getOrDefault(kind.get().kind(), Map.of()).get(datastream);
        buckets.put(
            datastream, read != null ? read : timeSeries.aggregate(datastream, from, to, WIDTH));
        streamsOfKind.computeIfAbsent(kind.get().kind(), k -> new HashSet<>()).add(datastream);
      }
    }
    List<DeviceHealth> healths = new ArrayList<>(devices.size());
    for (Device device : devices) {
      Set<Long> own = Set.copyOf(device.fields().values());
      List<DeviceSnapshot.Stream> streams = new ArrayList<>();
      Map<Long, List<List<Bucket>>> neighbours = new HashMap<>();
      for (long datastream : own.stream().sorted().toList()) {
        StreamKinds.Kind kind = streamKinds.get(datastream);
        if (kind == null) {
          continue;
        }
        streams.add(
            new DeviceSnapshot.Stream(
                datastream, kind.observedPropertyId(), kind.range(), buckets.get(datastream)));
        List<List<Bucket>> others = new ArrayList<>();
        for (long other : streamsOfKind.get(kind.kind())) {
          if (!own.contains(other)) {
            others.add(buckets.get(other));
          }
        }
        Map<Long, List<Bucket>> city = cityWide.get(kind.kind());
        if (others.size() < policy.driftMinimumNeighbours() && city != null) {
          others.clear();
          city.forEach(
              (other, otherBuckets) -> {
                if (!own.contains(other)) {
                  others.add(otherBuckets);
                }
              });
        }
        neighbours.put(datastream, others);
      }
      Optional<DeviceActivity> activity = registry.activity(device.id());
      DeviceSnapshot snapshot =
          new DeviceSnapshot(
              device.id(),
              device.district(),
              device.createdAt(),
              lastHeard(activity.map(DeviceActivity::lastSeen).orElse(null), own),
              device.expectedInterval(),
              activity.map(DeviceActivity::batteryPercent).orElse(null),
              activity.map(DeviceActivity::rssiDbm).orElse(null),
              activity.map(DeviceActivity::snrDb).orElse(null),
              streams);
      DeviceHealth health = assessor.assess(snapshot, neighbours, now);
      healths.add(settle(health, snapshot, from, previous.getOrDefault(device.id(), List.of())));
    }
    return healths;
  }

  /**
   * When the device was last heard with fresh data: its last uplink, or the time of its newest
   * reading when that is older. A device that keeps connecting but only delivers readings of long
   * ago (a frozen clock, a buffer replayed) is as silent for the city as one that never connects,
   * and a city replayed from the past (the demo's backfill) is judged by its data's time. One index
   * probe per Datastream ({@link TimeSeries#latest}).
   */
  private Instant lastHeard(Instant lastSeen, Set<Long> datastreams) {
    if (lastSeen == null || datastreams.isEmpty()) {
      return lastSeen;
    }
    Instant newest = null;
    for (var observation : timeSeries.latest(datastreams).values()) {
      if (observation.value("phenomenonTime") instanceof org.civitas.sensing.model.TimeValue time) {
        Instant end = time.end() != null ? time.end() : time.start();
        if (newest == null || end.isAfter(newest)) {
          newest = end;
        }
      }
    }
    return newest != null && newest.isBefore(lastSeen) ? newest : lastSeen;
  }

  /**
   * Gives each finding its real start: runs that fill the window are followed back, and a finding
   * already seen in the previous run keeps the earlier start.
   */
  private DeviceHealth settle(
      DeviceHealth health, DeviceSnapshot snapshot, Instant from, List<Finding> previous) {
    if (health.findings().isEmpty()) {
      return health;
    }
    List<Finding> settled = new ArrayList<>();
    for (Finding finding : health.findings()) {
      Instant since = finding.since();
      if (finding.datastreamId() != null) {
        since = followedBack(finding, snapshot, from);
        for (Finding before : previous) {
          if (before.state() == finding.state()
              && finding.datastreamId().equals(before.datastreamId())
              && before.since().isBefore(since)) {
            since = before.since();
          }
        }
      }
      settled.add(
          since.equals(finding.since())
              ? finding
              : new Finding(finding.state(), finding.datastreamId(), since, finding.detail()));
    }
    return health.withFindings(settled);
  }

  private Instant followedBack(Finding finding, DeviceSnapshot snapshot, Instant from) {
    DeviceSnapshot.Stream stream =
        snapshot.streams().stream()
            .filter(s -> s.datastreamId() == finding.datastreamId())
            .findFirst()
            .orElseThrow();
    List<Bucket> buckets = stream.buckets();
    if (buckets.isEmpty() || !buckets.getFirst().start().equals(finding.since())) {
      return finding.since();
    }
    Predicate<Bucket> belongs;
    if (finding.state() == HealthState.STUCK) {
      double value = buckets.getLast().min();
      belongs = bucket -> bucket.min() == value && bucket.max() == value;
    } else if (finding.state() == HealthState.OUT_OF_RANGE) {
      PlausibleRange range = stream.range();
      belongs = bucket -> !range.contains(bucket.min()) || !range.contains(bucket.max());
    } else {
      return finding.since();
    }
    return RunStart.before(
        (start, end, width) -> timeSeries.aggregate(stream.datastreamId(), start, end, width),
        from,
        finding.since(),
        belongs);
  }

  /** Stops the schedule; a run in progress finishes first. */
  @Override
  public void close() {
    // Not under the run's lock: the run being waited for needs it.
    synchronized (lifecycle) {
      if (scheduler == null) {
        return;
      }
      scheduler.shutdown();
      try {
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
          log.warn("the device health run did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler = null;
    }
  }
}
