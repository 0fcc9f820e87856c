package org.civitas.simulator.transit;

/**
 * Which route a bus serves and which of its timetabled vehicles it is.
 *
 * @param busId the bus's device id
 * @param route the route it serves
 * @param vehicle 0-based slot in the route's {@link Timetable}
 */
public record BusAssignment(String busId, BusRoute route, int vehicle) {}
