package org.civitas.rules.definition;

/** A GeoJSON position: longitude and latitude in degrees (WGS 84). */
public record Position(double lon, double lat) {}
