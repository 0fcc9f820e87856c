package org.civitas.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civitas.simulator.city.Brennhaven;
import org.civitas.simulator.city.City;
import org.civitas.simulator.clock.ReadingScheduler;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.DeviceKind;
import org.civitas.simulator.device.DevicePlacement;
import org.civitas.simulator.device.Reading;
import org.civitas.simulator.fault.FaultEffects;
import org.civitas.simulator.fault.FaultPlan;
import org.civitas.simulator.random.RandomStreams;
import org.civitas.simulator.rhythm.Environment;
import org.civitas.simulator.rhythm.Rhythms;
import org.civitas.simulator.rhythm.Sun;
import org.civitas.simulator.rhythm.Traffic;
import org.civitas.simulator.rhythm.Weather;
import org.civitas.simulator.transit.Transit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated demo city in one object: Brennhaven, its devices, its weather and traffic, the
 * faults planted in it, and the readings every device makes at any simulated instant. Pure and
 * deterministic: a reading depends only on the configuration, the device and the instant. Immutable
 * and thread-safe.
 */
public final class Simulation {
  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

  private final SimulatorConfig config;
  private final City city;
  private final Transit transit;
  private final List<Device> devices;
  private final FaultPlan faults;
  private final Weather weather;
  private final FaultEffects effects;

  private Simulation(SimulatorConfig config) {
    this.config = config;
    this.city = Brennhaven.build();
    var random = new RandomStreams(config.seed());
    this.transit = Transit.of(city, Math.max(2, (int) Math.round(3 * config.scale())));
    this.devices = DevicePlacement.place(city, transit, random, config.scale());
    this.faults =
        config.faults().isEmpty()
            ? FaultPlan.none()
            : FaultPlan.plant(devices, config.start(), city.zone(), random, config.faults());
    this.weather =
        new Weather(
            random,
            new Sun(city.centre().lat(), city.centre().lon()),
            city.zone(),
            faults.downpours());
    var env = new Environment(city, weather, new Traffic(city.zone()), transit, random);
    this.effects = new FaultEffects(faults, new Rhythms(env));
  }

  private Simulation(Simulation whole, List<Device> devices) {
    this.config = whole.config;
    this.city = whole.city;
    this.transit = whole.transit;
    this.devices = List.copyOf(devices);
    this.faults = whole.faults;
    this.weather = whole.weather;
    this.effects = whole.effects;
  }

  public static Simulation create(SimulatorConfig config) {
    var simulation = new Simulation(config);
    LOG.debug(
        "Simulated {}: {} devices, {} planted faults, seed {}",
        simulation.city.name(),
        simulation.devices.size(),
        simulation.faults.faults().size(),
        config.seed());
    return simulation;
  }

  /**
   * The same city, faults and readings with only the devices of the given kinds: what a test or a
   * focused replay provisions and sends when the other kinds do not matter to it. The faults stay
   * planted as in the whole city (a restricted city has the same faulty devices, at the same
   * times).
   */
  public Simulation only(Set<DeviceKind> kinds) {
    return new Simulation(this, devices.stream().filter(d -> kinds.contains(d.kind())).toList());
  }

  public SimulatorConfig config() {
    return config;
  }

  public City city() {
    return city;
  }

  public Transit transit() {
    return transit;
  }

  public List<Device> devices() {
    return devices;
  }

  public Optional<Device> device(String id) {
    return devices.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  public FaultPlan faults() {
    return faults;
  }

  public Weather weather() {
    return weather;
  }

  /** What the device reports at the instant, faults included; empty when it is silent. */
  public Optional<Reading> readingAt(Device device, Instant time) {
    return effects.fields(device, time).map(fields -> new Reading(device.id(), time, fields));
  }

  /** Every reading of every device from {@code from} (inclusive) to {@code until} (exclusive). */
  public ReadingScheduler schedule(Instant from, Instant until) {
    return new ReadingScheduler(devices, from, until, this::readingAt);
  }
}
