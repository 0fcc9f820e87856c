package org.civitas.governance.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civitas.governance.identity.Role;

/**
 * The storage of accounts, sessions and API keys. One JDBC implementation in {@code
 * civitas-storage} serves both engines, pinned by the identity store contract tests. The policy
 * (who may do what, when an account locks) is the identity service's; the store keeps what it is
 * told, atomically.
 *
 * <p>Thread-safe; every call is its own transaction and sees committed data.
 */
public interface IdentityStore {

  /**
   * Stores a new account.
   *
   * @throws org.civitas.error.ConflictException naming {@code name} when the name is taken
   */
  void createAccount(Account account);

  /** The account of this name (exact). */
  Optional<Account> findAccount(String name);

  /** Every account, by name. */
  List<Account> listAccounts();

  /** Whether any account exists at all (the first start creates the administrator). */
  boolean hasAccounts();

  /**
   * Replaces the password hash and revokes every session of the account except {@code keepSession}
   * (the one the change was made from; null revokes all), in one transaction.
   *
   * @return false if there is no such account
   */
  boolean changePassword(String name, String passwordHash, String keepSession);

  /**
   * Replaces the roles.
   *
   * @return false if there is no such account
   */
  boolean setRoles(String name, Set<Role> roles);

  /**
   * Disables or enables the account; disabling revokes its sessions in the same transaction.
   *
   * @return false if there is no such account
   */
  boolean setDisabled(String name, boolean disabled);

  /**
   * Counts one failed sign-in, atomically with concurrent ones: when the count reaches {@code
   * threshold} the account is locked until {@code lockUntil} and the count starts again at zero.
   *
   * @return the account after the change, empty if there is no such account
   */
  Optional<Account> recordFailedSignIn(String name, int threshold, Instant lockUntil);

  /** A successful sign-in: the failure count back to zero and any lock lifted. */
  void clearFailedSignIns(String name);

  /**
   * Deletes the account and its sessions.
   *
   * @return false if there was no such account
   */
  boolean deleteAccount(String name);

  /**
   * Stores a new session.
   *
   * @throws org.civitas.error.InvalidInputException when its account does not exist
   */
  void createSession(Session session);

  /** The session of this token hash, revoked or expired ones included. */
  Optional<Session> findSession(String tokenHash);

  /**
   * Revokes the session (signing out); revoking one twice is harmless.
   *
   * @return false if there is no such session
   */
  boolean revokeSession(String tokenHash);

  /**
   * Deletes the sessions that expired before {@code now}, which can never authenticate again.
   *
   * @return how many were deleted
   */
  int deleteExpiredSessions(Instant now);

  /**
   * Stores a new API key.
   *
   * @throws org.civitas.error.ConflictException when the id is taken
   */
  void createApiKey(ApiKey key);

  /** The key of this id, revoked ones included. */
  Optional<ApiKey> findApiKey(String id);

  /** Every key, revoked ones included, oldest first. */
  List<ApiKey> listApiKeys();

  /**
   * Revokes the key; revoking one twice is harmless.
   *
   * @return false if there is no such key
   */
  boolean revokeApiKey(String id);
}
