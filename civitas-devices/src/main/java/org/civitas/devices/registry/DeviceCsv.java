package org.civitas.devices.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the device CSV format (RFC 4180: comma-separated, fields may be quoted with {@code "} and
 * then hold commas, line breaks and doubled quotes). The first row names the columns; {@code id},
 * {@code name} and {@code thing_id} are required, the others ({@link #COLUMNS}) optional and in any
 * order. Empty lines are skipped.
 */
final class DeviceCsv {

  static final List<String> COLUMNS =
      List.of(
          "id",
          "name",
          "thing_id",
          "profile",
          "district",
          "dev_eui",
          "expected_interval_seconds",
          "fields",
          "department");

  private static final Set<String> REQUIRED = Set.of("id", "name", "thing_id");

  /** One data row: its line (of its first character) and its cells by column name. */
  record Row(int line, Map<String, String> cells) {
    String cell(String column) {
      String value = cells.get(column);
      return value == null || value.isBlank() ? null : value.strip();
    }
  }

  /** The rows of a file, or the problems that stop it being read at all. */
  record Parsed(List<Row> rows, List<CsvProblem> problems) {}

  private DeviceCsv() {}

  static Parsed parse(String text) {
    List<CsvProblem> problems = new ArrayList<>();
    List<Record> records = records(text, problems);
    if (!problems.isEmpty()) {
      return new Parsed(List.of(), problems);
    }
    if (records.isEmpty()) {
      problems.add(
          new CsvProblem(1, "header", "the file is empty; its first line names the columns"));
      return new Parsed(List.of(), problems);
    }
    Record header = records.getFirst();
    List<String> names = header.cells().stream().map(String::strip).toList();
    for (String name : names) {
      if (!COLUMNS.contains(name)) {
        problems.add(
            new CsvProblem(
                header.line(),
                "header",
                "unknown column \"" + name + "\"; the columns are " + String.join(",", COLUMNS)));
      } else if (names.indexOf(name) != names.lastIndexOf(name)) {
        problems.add(new CsvProblem(header.line(), "header", "column " + name + " appears twice"));
      }
    }
    for (String required : COLUMNS) {
      if (REQUIRED.contains(required) && !names.contains(required)) {
        problems.add(
            new CsvProblem(
                header.line(), "header", "the required column " + required + " is missing"));
      }
    }
    if (!problems.isEmpty()) {
      return new Parsed(List.of(), problems.stream().distinct().toList());
    }
    List<Row> rows = new ArrayList<>();
    for (Record record : records.subList(1, records.size())) {
      if (record.cells().size() != names.size()) {
        problems.add(
            new CsvProblem(
                record.line(),
                "row",
                "the header names "
                    + names.size()
                    + " columns, this row has "
                    + record.cells().size()));
        continue;
      }
      Map<String, String> cells = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        cells.put(names.get(i), record.cells().get(i));
      }
      rows.add(new Row(record.line(), cells));
    }
    if (rows.isEmpty() && problems.isEmpty()) {
      problems.add(new CsvProblem(1, "header", "the file has a header but no device rows"));
    }
    return new Parsed(rows, problems);
  }

  private record Record(int line, List<String> cells) {}

  /** Splits the text into records of raw cells; blank lines are skipped. */
  private static List<Record> records(String text, List<CsvProblem> problems) {
    List<Record> records = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int line = 1;
    int recordLine = 1;
    boolean quoted = false;
    boolean cellStarted = false;
    int i = text.startsWith("\uFEFF") ? 1 : 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append(c);
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          if (cell.toString().isBlank()) {
            cell.setLength(0);
            quoted = true;
            cellStarted = true;
          } else {
            cell.append(c);
          }
        }
        case ',' -> {
          cells.add(cell.toString());
          cell.setLength(0);
          cellStarted = true;
        }
        case '\r' -> {}
        case '\n' -> {
          endRecord(records, cells, cell, cellStarted, recordLine);
          cells = new ArrayList<>();
          cellStarted = false;
          line++;
          recordLine = line;
        }
        default -> {
          cell.append(c);
          cellStarted = true;
        }
      }
    }
    if (quoted) {
      problems.add(new CsvProblem(recordLine, "row", "a quoted cell is not closed"));
    }
    endRecord(records, cells, cell, cellStarted, recordLine);
    return records;
  }

  private static void endRecord(
      List<Record> records, List<String> cells, StringBuilder cell, boolean cellStarted, int line) {
    if (cellStarted || !cells.isEmpty() || !cell.isEmpty()) {
      cells.add(cell.toString());
      boolean blank = cells.stream().allMatch(String::isBlank) && cells.size() == 1;
      if (!blank) {
        records.add(new Record(line, List.copyOf(cells)));
      }
    }
    cell.setLength(0);
  }
}
