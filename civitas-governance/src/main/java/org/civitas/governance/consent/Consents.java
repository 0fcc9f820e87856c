package org.civitas.governance.consent;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.civitas.error.ForbiddenException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.UnauthorizedException;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.classes.Purpose;
import org.civitas.governance.classes.PurposeRegister;
import org.civitas.governance.consent.ConsentDecision.Channel;
import org.civitas.governance.consent.ConsentDecision.Decision;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.identity.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consent of data subjects to purposes: records decisions in the {@link ConsentStore} and answers
 * {@link ConsentCheck} from memory, because the ingest path asks for every Observation.
 *
 * <p>Memory holds the latest decision per (subject, purpose), by seq. A decision recorded here is
 * applied to memory before {@link #record} returns, so a withdrawal stops collection on this node
 * at once. Decisions recorded by other nodes arrive with the refresh, every {@link #REFRESH} (so
 * within two seconds): it reads what follows the highest seq seen and, because a decision with a
 * lower seq may commit after a higher one on another node, re-reads the decisions of the last
 * {@link #LOOKBACK} as well; applying a decision is idempotent.
 *
 * <p>Who may record: the data protection officer; an API key (the citizen portal) of a department
 * that holds the purpose, for the web and SMS channels; a signed-in operator of such a department,
 * for the staffed channel (the citizen at a counter or on the phone). Thread-safe.
 */
public final class Consents implements ConsentCheck, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Consents.class);

  /** How often decisions of other nodes are read. */
  public static final Duration REFRESH = Duration.ofSeconds(1);

  /** How far back each refresh re-reads, for decisions that committed out of seq order. */
  static final Duration LOOKBACK = Duration.ofSeconds(30);

  /** Decisions per read while loading or refreshing. */
  private static final int PAGE = 1_000;

  /** Pages per load or refresh at most: 10 million decisions. */
  private static final int MAX_PAGES = 10_000;

  private record Key(String subject, String purpose) {}

  private record Latest(long seq, boolean given) {}

  private final ConsentStore store;
  private final PurposeRegister purposes;
  private final Audit audit;
  private final Clock clock;
  private final Map<Key, Latest> latest = new ConcurrentHashMap<>();
  private final AtomicLong highestSeq = new AtomicLong();
  private ScheduledExecutorService refresher;

  /** A service that refreshes only when {@link #refresh} is called (tests, one node). */
  public Consents(ConsentStore store, PurposeRegister purposes, Audit audit, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.purposes = Objects.requireNonNull(purposes, "purposes");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    refresh();
  }

  /** Loads every decision and refreshes from the store every {@code interval} until closed. */
  public static Consents start(
      ConsentStore store, PurposeRegister purposes, Audit audit, Clock clock, Duration interval) {
    Consents consents = new Consents(store, purposes, audit, clock);
    consents.refresher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "consent-refresh");
              thread.setDaemon(true);
              return thread;
            });
    consents.refresher.scheduleWithFixedDelay(
        consents::refreshQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return consents;
  }

  @Override
  public boolean consents(String subject, String purposeId) {
    Latest decision = latest.get(new Key(subject, purposeId));
    return decision != null && decision.given();
  }

  /**
   * Records a decision of {@code subject} on {@code purposeId}, effective on this node when this
   * returns, and audits it ({@code consent.given} or {@code consent.withdrawn}).
   *
   * @throws UnauthorizedException when nobody is signed in
   * @throws InvalidInputException (field {@code purpose}) when the purpose is not registered
   * @throws ForbiddenException when {@code by} may not record for this purpose or channel
   */
  public ConsentDecision record(
      Principal by, String subject, String purposeId, Decision decision, Channel channel) {
    Purpose purpose = registered(purposeId);
    requireMayRecord(by, purpose, channel);
    ConsentDecision stored =
        store.append(
            new ConsentDecision(
                0, subject, purposeId, decision, clock.instant(), by.id(), channel));
    apply(stored);
    audit.record(
        by.id(),
        decision == Decision.GIVEN ? "consent.given" : "consent.withdrawn",
        "subject:" + subject,
        Map.of(
            "purpose",
            purposeId,
            "channel",
            channel.wireName(),
            "seq",
            Long.toString(stored.seq())));
    return stored;
  }

  /**
   * The decisions on {@code subject} that {@code reader} may see, oldest first: every one for the
   * DPO, those on purposes its departments hold for an operator or portal key. The read is audited
   * ({@code consent.read}).
   *
   * @throws UnauthorizedException when nobody is signed in
   * @throws ForbiddenException when {@code reader} is neither the DPO nor acts for any department
   */
  public List<ConsentDecision> history(Principal reader, String subject) {
    if (reader.isAnonymous()) {
      throw new UnauthorizedException(
          "reading consent needs a signed-in principal", "Authorization");
    }
    boolean operator = reader.roles().stream().anyMatch(r -> r instanceof Role.Operator);
    if (!reader.isDataProtectionOfficer() && !operator) {
      throw new ForbiddenException(
          "consent is read by the data protection officer or an operator of a department holding"
              + " the purpose",
          "Authorization");
    }
    List<ConsentDecision> visible = new ArrayList<>();
    for (ConsentDecision decision : store.history(subject)) {
      if (reader.isDataProtectionOfficer()
          || purposes.find(decision.purpose()).map(p -> holds(reader, p)).orElse(false)) {
        visible.add(decision);
      }
    }
    audit.record(
        reader.id(),
        "consent.read",
        "subject:" + subject,
        Map.of("decisions", Integer.toString(visible.size())));
    return visible;
  }

  /** Reads what other nodes recorded since the last refresh; see the class comment. */
  public void refresh() {
    for (int page = 0; page < MAX_PAGES; page++) {
      List<ConsentDecision> decisions = store.after(highestSeq.get(), PAGE);
      decisions.forEach(this::apply);
      if (decisions.size() < PAGE) {
        break;
      }
    }
    store.recordedSince(clock.instant().minus(LOOKBACK)).forEach(this::apply);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The next refresh tries again; decisions recorded on this node are applied already.
      log.warn("refreshing consent decisions failed: {}", e.getMessage());
    }
  }

  private void apply(ConsentDecision decision) {
    latest.merge(
        new Key(decision.subject(), decision.purpose()),
        new Latest(decision.seq(), decision.decision() == Decision.GIVEN),
        (old, fresh) -> fresh.seq() > old.seq() ? fresh : old);
    highestSeq.accumulateAndGet(decision.seq(), Math::max);
  }

  private Purpose registered(String purposeId) {
    return purposes
        .find(purposeId)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "no purpose '" + purposeId + "' in the register of purposes", "purpose"));
  }

  private static boolean holds(Principal principal, Purpose purpose) {
    return purpose.departments().stream().anyMatch(principal::actsFor);
  }

  private static void requireMayRecord(Principal by, Purpose purpose, Channel channel) {
    if (by.isAnonymous()) {
      throw new UnauthorizedException(
          "recording consent needs a signed-in principal", "Authorization");
    }
    if (by.isDataProtectionOfficer()) {
      return;
    }
    if (!holds(by, purpose)) {
      throw new ForbiddenException(
          "consent to '"
              + purpose.id()
              + "' is recorded by the data protection officer or for a department holding it ("
              + purpose.departments().stream().map(d -> d.wireName()).sorted().toList()
              + ")",
          "purpose");
    }
    boolean portal = by.kind() == Principal.Kind.API_KEY;
    boolean allowed = portal ? channel != Channel.STAFFED : channel == Channel.STAFFED;
    if (!allowed) {
      throw new ForbiddenException(
          portal
              ? "an API key records the citizen's own decision, channel web or sms, not staffed"
              : "an operator records a decision given in person or on the phone: channel staffed",
          "channel");
    }
  }

  /** Stops the refresh; the memory keeps answering with what it last knew. */
  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }
}
