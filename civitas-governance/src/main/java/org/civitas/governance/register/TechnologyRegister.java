package org.civitas.governance.register;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.civitas.error.ConflictException;
import org.civitas.error.ForbiddenException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.audit.Officer;
import org.civitas.governance.classes.PurposeRegister;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.register.store.RegisterEntry;
import org.civitas.governance.register.store.RegisterStatus;
import org.civitas.governance.register.store.RegisterStore;
import org.civitas.governance.register.store.Review;
import org.civitas.governance.register.store.Technology;
import org.civitas.governance.register.store.TripleTest;

/**
 * The public technology register: what each kind of deployed technology collects, why, where, who
 * runs it, and its Triple Test with the data protection officer's decision.
 *
 * <p>Rules it keeps, whoever calls: an entry is written by an operator of its department, the data
 * protection officer or an administrator; every purpose it names exists; a capability that
 * identifies or tracks people ({@link NotOffered}) is refused; only the data protection officer
 * approves or rejects, and approves only a Triple Test answered yes three times (every answer has
 * its reasoning, {@link TripleTest.Answer}); any change of an entry's content returns it to {@link
 * RegisterStatus#DRAFT}, so a changed technology needs approving again. Every change is recorded in
 * the audit log ({@code register.created}, {@code register.changed}, {@code register.approved},
 * {@code register.rejected}) after it is stored, before it is answered.
 *
 * <p>Thread-safe: a change reads the entry and writes it back conditionally on its version, so of
 * two concurrent changes the second fails with a conflict instead of undoing the first.
 */
public final class TechnologyRegister implements TechnologyApprovals {
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private final RegisterStore store;
  private final PurposeRegister purposes;
  private final Audit audit;
  private final Clock clock;

  public TechnologyRegister(
      RegisterStore store, PurposeRegister purposes, Audit audit, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.purposes = Objects.requireNonNull(purposes, "purposes");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public List<RegisterEntry> list() {
    return store.list();
  }

  public Optional<RegisterEntry> find(String id) {
    return store.find(id);
  }

  @Override
  public Optional<String> whyNotApproved(String technologyId) {
    Optional<RegisterEntry> entry = store.find(technologyId);
    if (entry.isEmpty()) {
      return Optional.of("no register entry '" + technologyId + "'");
    }
    RegisterStatus status = entry.get().review().status();
    if (status == RegisterStatus.APPROVED) {
      return Optional.empty();
    }
    return Optional.of(
        "the Triple Test of '"
            + technologyId
            + "' is "
            + status
            + ", not approved by the data protection officer");
  }

  /**
   * Adds an entry as a draft.
   *
   * @throws InvalidInputException naming the field of a capability not offered, an unknown purpose
   *     or a malformed id
   * @throws org.civitas.error.UnauthorizedException for an anonymous caller
   * @throws ForbiddenException for a caller who may not write for the entry's department
   * @throws ConflictException naming {@code id} when it is taken
   */
  public RegisterEntry create(Principal caller, Technology technology) {
    requireWriter(caller, technology.department());
    validate(technology);
    RegisterEntry created = store.create(technology);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("department", technology.department().wireName());
    details.put("status", RegisterStatus.DRAFT.name());
    audit.record(caller.id(), "register.created", target(technology.id()), details);
    return created;
  }

  /**
   * Replaces an entry's content; a change returns an approved or rejected entry to draft. Content
   * equal to what is stored changes nothing (and records nothing).
   *
   * @throws NotFoundException when there is no such entry
   * @throws ForbiddenException for a caller who may not write for the entry's department, before or
   *     after the change
   */
  public RegisterEntry update(Principal caller, Technology technology) {
    RegisterEntry current = existing(technology.id());
    requireWriter(caller, current.technology().department());
    requireWriter(caller, technology.department());
    validate(technology);
    if (current.technology().equals(technology)) {
      return current;
    }
    RegisterEntry changed = store.update(technology, Review.DRAFT, current.version());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("previousStatus", current.review().status().name());
    details.put("status", RegisterStatus.DRAFT.name());
    if (current.technology().department() != technology.department()) {
      details.put("previousDepartment", current.technology().department().wireName());
    }
    details.put("department", technology.department().wireName());
    audit.record(caller.id(), "register.changed", target(technology.id()), details);
    return changed;
  }

  /**
   * The data protection officer approves the entry's Triple Test as recorded.
   *
   * @throws ForbiddenException unless the caller is the data protection officer
   * @throws ConflictException naming {@code status} when already approved, or naming the first
   *     Triple Test answer that is no
   */
  public RegisterEntry approve(Principal caller, String id) {
    Officer.requireDataProtectionOfficer(caller, "approve a Triple Test");
    RegisterEntry current = existing(id);
    if (current.review().status() == RegisterStatus.APPROVED) {
      throw new ConflictException("register entry '" + id + "' is approved already", "status");
    }
    TripleTest test = current.technology().tripleTest();
    failingAnswer(test)
        .ifPresent(
            question -> {
              throw new ConflictException(
                  "the Triple Test of '"
                      + id
                      + "' answers no to "
                      + question
                      + "; only a test answered yes to appropriate, necessary and proportionate,"
                      + " each with its reasoning, can be approved",
                  "tripleTest." + question);
            });
    RegisterEntry approved =
        store.update(
            current.technology(), Review.approved(caller.id(), clock.instant()), current.version());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("previousStatus", current.review().status().name());
    details.put("status", RegisterStatus.APPROVED.name());
    details.put("version", Long.toString(approved.version()));
    audit.record(caller.id(), "register.approved", target(id), details);
    return approved;
  }

  /**
   * The data protection officer rejects the entry's Triple Test (or withdraws an approval).
   *
   * @param reason why, for the public record; not blank
   * @throws ForbiddenException unless the caller is the data protection officer
   * @throws ConflictException naming {@code status} when already rejected
   */
  public RegisterEntry reject(Principal caller, String id, String reason) {
    Officer.requireDataProtectionOfficer(caller, "reject a Triple Test");
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("a rejection says why: reason is required", "reason");
    }
    RegisterEntry current = existing(id);
    if (current.review().status() == RegisterStatus.REJECTED) {
      throw new ConflictException("register entry '" + id + "' is rejected already", "status");
    }
    RegisterEntry rejected =
        store.update(
            current.technology(),
            Review.rejected(caller.id(), clock.instant(), reason),
            current.version());
    Map<String, String> details = new LinkedHashMap<>();
    details.put("previousStatus", current.review().status().name());
    details.put("status", RegisterStatus.REJECTED.name());
    details.put("reason", reason);
    audit.record(caller.id(), "register.rejected", target(id), details);
    return rejected;
  }

  private RegisterEntry existing(String id) {
    return store
        .find(id)
        .orElseThrow(() -> new NotFoundException("there is no register entry '" + id + "'"));
  }

  private static Optional<String> failingAnswer(TripleTest test) {
    if (!test.appropriate().yes()) {
      return Optional.of("appropriate");
    }
    if (!test.necessary().yes()) {
      return Optional.of("necessary");
    }
    if (!test.proportionate().yes()) {
      return Optional.of("proportionate");
    }
    return Optional.empty();
  }

  private static void requireWriter(Principal caller, Department department) {
    Officer.requireSignedIn(caller, "change the technology register");
    if (!caller.isDataProtectionOfficer()
        && !caller.isAdministrator()
        && !caller.actsFor(department)) {
      throw new ForbiddenException(
          "register entries of the "
              + department.wireName()
              + " department are written by its operators, the data protection officer or an"
              + " administrator; "
              + caller.id()
              + " is none of them",
          "department");
    }
  }

  private void validate(Technology technology) {
    if (!SLUG.matcher(technology.id()).matches()) {
      throw new InvalidInputException(
          "an entry id is 1 to 64 lower-case letters, digits and hyphens, was '"
              + technology.id()
              + "'",
          "id");
    }
    List<String> capabilities = technology.capabilities();
    for (int i = 0; i < capabilities.size(); i++) {
      String capability = capabilities.get(i);
      Optional<NotOffered> refused = NotOffered.named(capability);
      if (refused.isPresent()) {
        throw new InvalidInputException(refused.get().refusal(), "capabilities[" + i + "]");
      }
      if (!SLUG.matcher(capability).matches()) {
        throw new InvalidInputException(
            "a capability is 1 to 64 lower-case letters, digits and hyphens, was '"
                + capability
                + "'",
            "capabilities[" + i + "]");
      }
    }
    List<String> why = technology.purposes();
    if (why.isEmpty()) {
      throw new InvalidInputException(
          "purposes names at least one purpose of the register of purposes: why it is deployed",
          "purposes");
    }
    for (int i = 0; i < why.size(); i++) {
      if (purposes.find(why.get(i)).isEmpty()) {
        throw new InvalidInputException(
            "there is no purpose '" + why.get(i) + "' in the register of purposes",
            "purposes[" + i + "]");
      }
    }
    if (technology.dataClasses().isEmpty()) {
      throw new InvalidInputException(
          "dataClasses names at least one data class of what it produces", "dataClasses");
    }
  }

  private static String target(String id) {
    return "register:" + id;
  }
}
