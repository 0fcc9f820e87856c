package org.civitas.governance.register.store;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.identity.Department;

/**
 * What a register entry says about one kind of deployed technology: its content, everything a
 * change can touch. A change of any of it returns an approved entry to {@link
 * RegisterStatus#DRAFT}.
 *
 * @param id a slug, e.g. {@code traffic-counting-cameras}
 * @param name a title for people
 * @param collects what it collects, in plain words
 * @param purposes why: ids in the register of purposes
 * @param cityWide whether it is deployed across the whole city; then {@code districts} is empty
 * @param districts where, when not city-wide: at least one district name
 * @param department who runs it
 * @param dataClasses the data classes of what it produces
 * @param capabilities what it can do, as slugs ({@code vehicle-counting}, ...)
 * @param tripleTest the recorded Triple Test
 */
public record Technology(
    String id,
    String name,
    String collects,
    List<String> purposes,
    boolean cityWide,
    List<String> districts,
    Department department,
    Set<DataClass> dataClasses,
    List<String> capabilities,
    TripleTest tripleTest) {

  public Technology {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(collects, "collects");
    purposes = List.copyOf(purposes);
    districts = List.copyOf(districts);
    Objects.requireNonNull(department, "department");
    dataClasses = Set.copyOf(dataClasses);
    capabilities = List.copyOf(capabilities);
    Objects.requireNonNull(tripleTest, "tripleTest");
    if (cityWide != districts.isEmpty()) {
      throw new IllegalArgumentException(
          "a technology is either city-wide or in named districts, not both and not neither");
    }
  }
}
