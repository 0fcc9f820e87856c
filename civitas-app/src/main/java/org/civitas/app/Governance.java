package org.civitas.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.civitas.app.config.CivitasConfig;
import org.civitas.governance.access.AccessGate;
import org.civitas.governance.access.AccessPolicy;
import org.civitas.governance.access.IdentityRoutes;
import org.civitas.governance.audit.AuditRoutes;
import org.civitas.governance.audit.HashChainedAudit;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditQuery;
import org.civitas.governance.audit.store.AuditStore;
import org.civitas.governance.classes.DataClassGuard;
import org.civitas.governance.classes.DatastreamPolicies;
import org.civitas.governance.classes.DatastreamPolicyRoutes;
import org.civitas.governance.classes.Pseudonyms;
import org.civitas.governance.consent.ConsentRoutes;
import org.civitas.governance.consent.Consents;
import org.civitas.governance.identity.Authenticator;
import org.civitas.governance.identity.IdentityService;
import org.civitas.governance.identity.IdentitySettings;
import org.civitas.governance.identity.IssuedKey;
import org.civitas.governance.identity.OidcAuthenticator;
import org.civitas.governance.identity.OidcSettings;
import org.civitas.governance.identity.PasswordFile;
import org.civitas.governance.identity.PasswordHasher;
import org.civitas.governance.identity.Role;
import org.civitas.governance.purposes.PurposeRoutes;
import org.civitas.governance.purposes.Purposes;
import org.civitas.governance.register.RegisterRoutes;
import org.civitas.governance.register.TechnologyRegister;
import org.civitas.governance.retention.RetentionJob;
import org.civitas.governance.retention.RetentionRoutes;
import org.civitas.governance.subjects.SubjectAuditTrail;
import org.civitas.governance.subjects.SubjectExport;
import org.civitas.governance.subjects.SubjectRequestRoutes;
import org.civitas.governance.subjects.SubjectRequests;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The governance layer of one node, wired by hand: the audit log first (everything else records to
 * it), identity and the access gate every request passes, the registers of purposes and
 * technologies, Datastream policies with the guard on every read and every Observation, consent,
 * retention and data-subject requests. {@link #close()} stops its background work (the policy and
 * consent refreshes, the retention job).
 */
final class Governance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Governance.class);

  /** Observations a retention step removes in one transaction. */
  private static final int RETENTION_BATCH = 5_000;

  /** How often consent decisions of other nodes are read. */
  private static final Duration CONSENT_REFRESH = Duration.ofSeconds(1);

  static final String PSEUDONYM_KEY_FILE = "pseudonym-key";

  private final IdentityService identities;
  private final DatastreamPolicies policies;
  private final Consents consents;
  private final RetentionJob retention;
  private final Optional<Path> adminPasswordFile;
  private final java.util.List<String> componentKeys =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The node itself, revoking the keys it issued to its own components as it stops. */
  private static final org.civitas.governance.identity.Principal NODE =
      new org.civitas.governance.identity.Principal(
          "system",
          org.civitas.governance.identity.Principal.Kind.API_KEY,
          Set.of(new Role.Administrator()));

  private final java.util.concurrent.ScheduledExecutorService sessions =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("civitas-session-cleanup").daemon().factory());

  private Governance(
      IdentityService identities,
      DatastreamPolicies policies,
      Consents consents,
      RetentionJob retention,
      Optional<Path> adminPasswordFile) {
    this.identities = identities;
    this.policies = policies;
    this.consents = consents;
    this.retention = retention;
    this.adminPasswordFile = adminPasswordFile;
  }

  /**
   * Installs the governance layer on {@code server} before it starts: its gate, its guard and its
   * routes; creates the first administrator when there is no account yet.
   */
  static Governance install(
      CivitasServer server, SensingStore store, CivitasConfig config, Clock clock) {
    AuditStore auditStore = Storage.audit(store);
    HashChainedAudit audit = new HashChainedAudit(auditStore, clock);

    IdentityService identities =
        new IdentityService(
            Storage.identity(store),
            new PasswordHasher(),
            audit,
            clock,
            IdentitySettings.defaults().withSessionLifetime(config.auth().sessionLifetime()));
    Optional<Path> passwordFile = bootstrap(identities, config);
    Optional<OidcAuthenticator> oidc =
        config
            .auth()
            .oidc()
            .map(
                provider ->
                    new OidcAuthenticator(
                        new OidcSettings(
                            provider.jwksUrl(),
                            provider.issuer(),
                            provider.audience(),
                            provider.rolesClaim()),
                        clock));
    AccessPolicy policy =
        AccessPolicy.defaults()
            // The public alerts page and the landing page are for everyone.
            .withPublicRead("/alerts*")
            .withPublicRead("/");
    AccessGate gate = new AccessGate(new Authenticator(identities, oidc), policy);

    Purposes purposes = new Purposes(Storage.purposes(store), audit);
    TechnologyRegister register =
        new TechnologyRegister(Storage.register(store), purposes, audit, clock);
    Consents consents =
        Consents.start(Storage.consents(store), purposes, audit, clock, CONSENT_REFRESH);
    DatastreamPolicies policies =
        new DatastreamPolicies(
            Storage.datastreamPolicies(store),
            purposes,
            register,
            audit,
            id -> store.find(EntityType.DATASTREAM, id, Set.of()).isPresent());
    DataClassGuard guard = new DataClassGuard(policies, consents, audit, pseudonyms(config));
    server.withGuard(guard);

    SubjectRequests subjects =
        new SubjectRequests(
            Storage.subjectRequests(store),
            Storage.consents(store),
            () -> policies.classified().values(),
            audit,
            clock);
    SubjectExport export =
        new SubjectExport(
            subjects,
            Storage.subjectRequests(store),
            Storage.consents(store),
            server.sensing(),
            audit,
            Optional.of(auditTrail(auditStore)),
            clock);
    RetentionJob retention =
        new RetentionJob(
            Storage.retention(store),
            () -> policies.classified().values(),
            subjects::holds,
            audit,
            clock,
            RETENTION_BATCH);

    String publicUrl = config.http().publicUrl().map(Object::toString).orElse(null);
    // The gate runs before every route of every module: who asks is known before anything else.
    server.withRoutes(gate::register);
    server.withRoutes(routes -> IdentityRoutes.register(routes, identities, publicUrl));
    server.withRoutes(routes -> AuditRoutes.register(routes, auditStore, audit));
    server.withRoutes(routes -> PurposeRoutes.register(routes, purposes));
    server.withRoutes(routes -> RegisterRoutes.register(routes, register));
    server.withRoutes(routes -> DatastreamPolicyRoutes.register(routes, policies, guard));
    server.withRoutes(routes -> ConsentRoutes.register(routes, consents));
    server.withRoutes(
        routes -> RetentionRoutes.register(routes, Storage.retention(store), retention, audit));
    server.withRoutes(routes -> SubjectRequestRoutes.register(routes, subjects, export, clock));
    return new Governance(identities, policies, consents, retention, passwordFile);
  }

  /** Starts the retention job's schedule; once the node serves. */
  void start(Duration retentionInterval) {
    retention.schedule(retentionInterval);
    // Expired sessions can never authenticate again; deleting them keeps the table small.
    sessions.scheduleWithFixedDelay(
        () -> {
          try {
            int deleted = identities.deleteExpiredSessions();
            if (deleted > 0) {
              LOG.info("Deleted {} expired sessions", deleted);
            }
          } catch (RuntimeException e) {
            LOG.warn("Deleting expired sessions failed; trying again in an hour", e);
          }
        },
        1,
        60,
        java.util.concurrent.TimeUnit.MINUTES);
  }

  /**
   * Issues an API key for one of Civitas's own components (the demo's simulator), recorded in the
   * audit log under {@code actor}. It lasts as long as this node runs: {@link #close()} revokes it,
   * so a demo started every day leaves no usable keys behind.
   */
  IssuedKey issueApiKey(String name, Set<Role> roles, String actor) {
    IssuedKey key = identities.issueApiKey(name, roles, actor);
    componentKeys.add(key.id());
    return key;
  }

  /** Where the first administrator's generated password was written, if it was generated. */
  Optional<Path> adminPasswordFile() {
    return adminPasswordFile;
  }

  @Override
  public void close() {
    sessions.shutdownNow();
    for (String key : componentKeys) {
      try {
        identities.revokeApiKey(NODE, key);
      } catch (RuntimeException e) {
        LOG.warn("The component API key {} could not be revoked at stop", key, e);
      }
    }
    retention.close();
    consents.close();
    policies.close();
  }

  /**
   * Creates the first administrator when no account exists: with the configured password, or a
   * random one written to a file of the data directory only its owner can read (the log says where,
   * never what).
   */
  private static Optional<Path> bootstrap(IdentityService identities, CivitasConfig config) {
    String configured = config.auth().adminPassword();
    Optional<String> created =
        identities.bootstrapAdministrator(
            configured.isEmpty() ? Optional.empty() : Optional.of(configured));
    if (created.isEmpty()) {
      return Optional.empty();
    }
    if (!configured.isEmpty()) {
      LOG.info(
          "Created the first administrator account '{}' with the configured password",
          IdentityService.FIRST_ADMINISTRATOR);
      return Optional.empty();
    }
    Path file = PasswordFile.write(config.data().dir(), created.get());
    LOG.warn(
        "Created the first administrator account '{}'; its password is in {} (readable by this"
            + " user only). Sign in at /console/ and change it.",
        IdentityService.FIRST_ADMINISTRATOR,
        file);
    return Optional.of(file);
  }

  /** The configured pseudonym key, or the one kept in the data directory (made on first start). */
  private static Pseudonyms pseudonyms(CivitasConfig config) {
    String configured = config.governance().pseudonymKey();
    if (!configured.isEmpty()) {
      return new Pseudonyms(configured.getBytes(StandardCharsets.UTF_8));
    }
    Path file = config.data().dir().resolve(PSEUDONYM_KEY_FILE);
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        PasswordFile.writeSecret(file, HexFormat.of().formatHex(key));
        LOG.info("Generated the pseudonym key in {}", file);
      }
      return new Pseudonyms(Files.readString(file).strip().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the pseudonym key " + file, e);
    }
  }

  /** The audit entries about one subject ({@code subject:<id>}), newest first, page by page. */
  private static SubjectAuditTrail auditTrail(AuditStore store) {
    return (String subject, Consumer<SubjectAuditTrail.Entry> each) -> {
      String target = "subject:" + subject;
      long before = 0;
      while (true) {
        var page = store.find(new AuditQuery(null, null, target, null, null, before, 1_000));
        for (AuditEntry entry : page) {
          if (entry.event().target().equals(target)) {
            each.accept(
                new SubjectAuditTrail.Entry(
                    entry.seq(),
                    entry.at(),
                    entry.event().actor(),
                    entry.event().action(),
                    entry.event().target(),
                    entry.event().details()));
          }
        }
        if (page.size() < 1_000) {
          return;
        }
        before = page.getLast().seq();
      }
    };
  }
}
