package org.civitas.devices.registry;

/**
 * What is wrong with one cell of a device CSV file.
 *
 * @param line the line of the file, counting the header as line 1
 * @param column the column's header name ({@code thing_id}), or {@code header} for the header row
 * @param message what was expected and what was found
 */
public record CsvProblem(int line, String column, String message) {}
