package org.civitas.devices.registry;

import java.util.List;

/** What importing a device CSV file did: everything, or nothing and why. */
public sealed interface CsvImport {

  /** Every row was valid and every device is created, each with its secret, in file order. */
  record Imported(List<Provisioned> devices) implements CsvImport {
    public Imported {
      devices = List.copyOf(devices);
    }
  }

  /** At least one row is bad: nothing was created. Every problem found, in line order. */
  record Rejected(List<CsvProblem> problems) implements CsvImport {
    public Rejected {
      problems = List.copyOf(problems);
    }
  }
}
