package org.civitas.simulator.transit;

import java.time.Instant;

/**
 * One scheduled run of a vehicle from one end of its route to the other.
 *
 * @param number the vehicle's trip of the day, from 0
 * @param outbound whether it runs from the first stop to the last
 * @param departure when it is timetabled to leave its first stop
 */
public record Trip(int number, boolean outbound, Instant departure) {}
