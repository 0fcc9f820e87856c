package org.civitas.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.identity.Role;
import org.civitas.governance.identity.store.Account;
import org.civitas.governance.identity.store.ApiKey;
import org.civitas.governance.identity.store.IdentityStore;
import org.civitas.governance.identity.store.Session;

/**
 * The JDBC {@link IdentityStore}, the same code on H2 and PostgreSQL, on the pool of the sensing
 * store it was made from (tables of migration V11). Obtain it with {@link Storage#identity}.
 *
 * <p>Failed sign-ins are counted under a row lock ({@code FOR UPDATE}), so concurrent guesses
 * cannot both read the same count and slip past the lockout threshold.
 */
final class JdbcIdentityStore implements IdentityStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT_COLUMNS =
      "name, password_hash, roles, disabled, created_at, failed_attempts, locked_until";
  private static final String KEY_COLUMNS = "id, name, secret_hash, roles, created_at, revoked";

  private final JdbcWork jdbc;

  JdbcIdentityStore(DataSource dataSource, Dialect dialect) {
    this.jdbc = new JdbcWork(dataSource, dialect);
  }

  @Override
  public void createAccount(Account account) {
    jdbc.write(
        "creating an account",
        connection -> {
          if (findAccount(connection, account.name(), false).isPresent()) {
            throw new ConflictException("there is already an account " + account.name(), "name");
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO identity_account ("
                      + ACCOUNT_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, account.name());
            insert.setString(2, account.passwordHash());
            insert.setString(3, rolesJson(account.roles()));
            insert.setBoolean(4, account.disabled());
            ValueCodec.bindInstant(insert, 5, account.created());
            insert.setInt(6, account.failedAttempts());
            ValueCodec.bindInstant(insert, 7, account.lockedUntil().orElse(null));
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Account> findAccount(String name) {
    return jdbc.read("reading an account", connection -> findAccount(connection, name, false));
  }

  @Override
  public List<Account> listAccounts() {
    return jdbc.read(
        "listing accounts",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + ACCOUNT_COLUMNS + " FROM identity_account ORDER BY name")) {
            List<Account> accounts = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                accounts.add(account(row));
              }
            }
            return accounts;
          }
        });
  }

  @Override
  public boolean hasAccounts() {
    return jdbc.read(
        "counting accounts",
        connection -> {
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT 1 FROM identity_account LIMIT 1");
              ResultSet row = select.executeQuery()) {
            return row.next();
          }
        });
  }

  @Override
  public boolean changePassword(String name, String passwordHash, String keepSession) {
    return jdbc.write(
        "changing a password",
        connection -> {
          if (update(
                  connection,
                  "UPDATE identity_account SET password_hash = ? WHERE name = ?",
                  passwordHash,
                  name)
              == 0) {
            return false;
          }
          if (keepSession == null) {
            update(
                connection, "UPDATE identity_session SET revoked = TRUE WHERE account = ?", name);
          } else {
            update(
                connection,
                "UPDATE identity_session SET revoked = TRUE WHERE account = ? AND token_hash <> ?",
                name,
                keepSession);
          }
          return true;
        });
  }

  @Override
  public boolean setRoles(String name, Set<Role> roles) {
    return jdbc.write(
        "changing an account's roles",
        connection ->
            update(
                    connection,
                    "UPDATE identity_account SET roles = ? WHERE name = ?",
                    rolesJson(roles),
                    name)
                > 0);
  }

  @Override
  public boolean setDisabled(String name, boolean disabled) {
    return jdbc.write(
        disabled ? "disabling an account" : "enabling an account",
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE identity_account SET disabled = ? WHERE name = ?")) {
            update.setBoolean(1, disabled);
            update.setString(2, name);
            if (update.executeUpdate() == 0) {
              return false;
            }
          }
          if (disabled) {
            update(
                connection, "UPDATE identity_session SET revoked = TRUE WHERE account = ?", name);
          }
          return true;
        });
  }

  @Override
  public Optional<Account> recordFailedSignIn(String name, int threshold, Instant lockUntil) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
    }
    return jdbc.write(
        "counting a failed sign-in",
        connection -> {
          Optional<Account> locked = findAccount(connection, name, true);
          if (locked.isEmpty()) {
            return Optional.empty();
          }
          int failures = locked.get().failedAttempts() + 1;
          boolean lock = failures >= threshold;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE identity_account SET failed_attempts = ?,"
                      + " locked_until = COALESCE(?, locked_until) WHERE name = ?")) {
            update.setInt(1, lock ? 0 : failures);
            ValueCodec.bindInstant(update, 2, lock ? lockUntil : null);
            update.setString(3, name);
            update.executeUpdate();
          }
          return findAccount(connection, name, false);
        });
  }

  @Override
  public void clearFailedSignIns(String name) {
    jdbc.write(
        "clearing failed sign-ins",
        connection ->
            update(
                connection,
                "UPDATE identity_account SET failed_attempts = 0, locked_until = NULL"
                    + " WHERE name = ? AND (failed_attempts <> 0 OR locked_until IS NOT NULL)",
                name));
  }

  @Override
  public boolean deleteAccount(String name) {
    return jdbc.write(
        "deleting an account",
        connection -> update(connection, "DELETE FROM identity_account WHERE name = ?", name) > 0);
  }

  @Override
  public void createSession(Session session) {
    jdbc.write(
        "creating a session",
        connection -> {
          if (findAccount(connection, session.account(), false).isEmpty()) {
            throw new InvalidInputException(
                "there is no account " + session.account() + " to sign in", "account");
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO identity_session (token_hash, account, created_at, expires_at,"
                      + " revoked) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, session.tokenHash());
            insert.setString(2, session.account());
            ValueCodec.bindInstant(insert, 3, session.created());
            ValueCodec.bindInstant(insert, 4, session.expires());
            insert.setBoolean(5, session.revoked());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Session> findSession(String tokenHash) {
    return jdbc.read(
        "reading a session",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT token_hash, account, created_at, expires_at, revoked"
                      + " FROM identity_session WHERE token_hash = ?")) {
            select.setString(1, tokenHash);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Session(
                      row.getString(1),
                      row.getString(2),
                      ValueCodec.readInstant(row, 3),
                      ValueCodec.readInstant(row, 4),
                      row.getBoolean(5)));
            }
          }
        });
  }

  @Override
  public boolean revokeSession(String tokenHash) {
    return jdbc.write(
        "revoking a session",
        connection ->
            update(
                    connection,
                    "UPDATE identity_session SET revoked = TRUE WHERE token_hash = ?",
                    tokenHash)
                > 0);
  }

  @Override
  public int deleteExpiredSessions(Instant now) {
    return jdbc.write(
        "deleting expired sessions",
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM identity_session WHERE expires_at <= ?")) {
            ValueCodec.bindInstant(delete, 1, now);
            return delete.executeUpdate();
          }
        });
  }

  @Override
  public void createApiKey(ApiKey key) {
    jdbc.write(
        "creating an API key",
        connection -> {
          if (findApiKey(connection, key.id()).isPresent()) {
            throw new ConflictException("there is already an API key " + key.id(), "id");
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO identity_api_key (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.id());
            insert.setString(2, key.name());
            insert.setString(3, key.secretHash());
            insert.setString(4, rolesJson(key.roles()));
            ValueCodec.bindInstant(insert, 5, key.created());
            insert.setBoolean(6, key.revoked());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<ApiKey> findApiKey(String id) {
    return jdbc.read("reading an API key", connection -> findApiKey(connection, id));
  }

  @Override
  public List<ApiKey> listApiKeys() {
    return jdbc.read(
        "listing API keys",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + KEY_COLUMNS + " FROM identity_api_key ORDER BY created_at, id")) {
            List<ApiKey> keys = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                keys.add(apiKey(row));
              }
            }
            return keys;
          }
        });
  }

  @Override
  public boolean revokeApiKey(String id) {
    return jdbc.write(
        "revoking an API key",
        connection ->
            update(connection, "UPDATE identity_api_key SET revoked = TRUE WHERE id = ?", id) > 0);
  }

  private static Optional<Account> findAccount(Connection connection, String name, boolean lock)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + ACCOUNT_COLUMNS
                + " FROM identity_account WHERE name = ?"
                + (lock ? " FOR UPDATE" : ""))) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(account(row)) : Optional.empty();
      }
    }
  }

  private static Optional<ApiKey> findApiKey(Connection connection, String id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + KEY_COLUMNS + " FROM identity_api_key WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(apiKey(row)) : Optional.empty();
      }
    }
  }

  private static Account account(ResultSet row) throws SQLException {
    return new Account(
        row.getString(1),
        row.getString(2),
        roles(row.getString(3)),
        row.getBoolean(4),
        ValueCodec.readInstant(row, 5),
        row.getInt(6),
        Optional.ofNullable(ValueCodec.readInstant(row, 7)));
  }

  private static ApiKey apiKey(ResultSet row) throws SQLException {
    return new ApiKey(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        roles(row.getString(4)),
        ValueCodec.readInstant(row, 5),
        row.getBoolean(6));
  }

  private static int update(Connection connection, String sql, String... arguments)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      for (int i = 0; i < arguments.length; i++) {
        update.setString(i + 1, arguments[i]);
      }
      return update.executeUpdate();
    }
  }

  /** Sorted, so that equal sets are equal text. */
  private static String rolesJson(Set<Role> roles) {
    try {
      return JSON.writeValueAsString(roles.stream().map(Role::wireName).sorted().toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write roles as JSON", e);
    }
  }

  /**
   * The stored roles. A role that no longer parses (a department since removed) fails loudly rather
   * than silently granting less or more: the administrator must see it.
   */
  private static Set<Role> roles(String json) {
    try {
      List<String> names = JSON.readValue(json, new TypeReference<List<String>>() {});
      Set<Role> roles = new LinkedHashSet<>();
      for (String name : names) {
        roles.add(Role.parse(name));
      }
      return roles;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored roles are not a JSON array of text: " + json, e);
    }
  }
}
