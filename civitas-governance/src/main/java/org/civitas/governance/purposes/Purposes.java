package org.civitas.governance.purposes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.civitas.error.NotFoundException;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.audit.Officer;
import org.civitas.governance.classes.Purpose;
import org.civitas.governance.classes.PurposeRegister;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.purposes.store.PurposeStore;

/**
 * The register of purposes: readable by everyone (what personal data may be used for is public),
 * created and changed by the data protection officer only. Each change is recorded in the audit log
 * ({@code purpose.created}, {@code purpose.changed}) after it is stored and before it is answered;
 * a failing audit fails the request, and the stored change then stands unrecorded only if the audit
 * log itself is down. Thread-safe.
 */
public final class Purposes implements PurposeRegister {
  private final PurposeStore store;
  private final Audit audit;

  public Purposes(PurposeStore store, Audit audit) {
    this.store = Objects.requireNonNull(store, "store");
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  @Override
  public Optional<Purpose> find(String id) {
    return store.find(id);
  }

  public List<Purpose> list() {
    return store.list();
  }

  /**
   * @throws org.civitas.error.UnauthorizedException for an anonymous caller
   * @throws org.civitas.error.ForbiddenException unless the caller is the data protection officer
   * @throws org.civitas.error.ConflictException naming {@code id} when it is taken
   */
  public Purpose create(Principal caller, Purpose purpose) {
    Officer.requireDataProtectionOfficer(caller, "add to the register of purposes");
    store.create(purpose);
    audit.record(caller.id(), "purpose.created", target(purpose), details(purpose));
    return purpose;
  }

  /**
   * @throws org.civitas.error.UnauthorizedException for an anonymous caller
   * @throws org.civitas.error.ForbiddenException unless the caller is the data protection officer
   * @throws NotFoundException when there is no purpose of that id
   */
  public Purpose update(Principal caller, Purpose purpose) {
    Officer.requireDataProtectionOfficer(caller, "change the register of purposes");
    Purpose before =
        store
            .find(purpose.id())
            .orElseThrow(() -> new NotFoundException("there is no purpose '" + purpose.id() + "'"));
    if (before.equals(purpose)) {
      return purpose;
    }
    store.update(purpose);
    Map<String, String> details = details(purpose);
    if (before.legalBasis() != purpose.legalBasis()) {
      details.put("previousLegalBasis", before.legalBasis().wireName());
    }
    if (!before.departments().equals(purpose.departments())) {
      details.put("previousDepartments", departments(before));
    }
    if (before.identifying() != purpose.identifying()) {
      details.put("previousIdentifying", Boolean.toString(before.identifying()));
    }
    audit.record(caller.id(), "purpose.changed", target(purpose), details);
    return purpose;
  }

  private static String target(Purpose purpose) {
    return "purpose:" + purpose.id();
  }

  private static Map<String, String> details(Purpose purpose) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("name", purpose.name());
    details.put("legalBasis", purpose.legalBasis().wireName());
    details.put("departments", departments(purpose));
    details.put("identifying", Boolean.toString(purpose.identifying()));
    return details;
  }

  private static String departments(Purpose purpose) {
    TreeSet<String> names = new TreeSet<>();
    purpose.departments().forEach(d -> names.add(d.wireName()));
    return String.join(",", names);
  }
}
