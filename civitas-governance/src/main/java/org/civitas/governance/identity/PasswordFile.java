package org.civitas.governance.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where the app leaves the first administrator's password ({@link
 * IdentityService#bootstrapAdministrator}): a file only the owner can read or write (0600), created
 * with those permissions so that it is never readable by others, not even for a moment. The app
 * logs the path, never the password.
 */
public final class PasswordFile {
  /** The file's name in the data directory. */
  public static final String NAME = "admin-password.txt";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private PasswordFile() {}

  /**
   * Writes {@code password} to {@value #NAME} in {@code dataDir}, replacing an older file.
   *
   * @return the file written
   * @throws UncheckedIOException if it cannot be written
   */
  public static Path write(Path dataDir, String password) {
    return writeSecret(dataDir.resolve(NAME), password);
  }

  /**
   * Writes {@code secret} to {@code file} (replacing an older one) created readable and writable by
   * its owner only, for any secret the node keeps in its data directory (the pseudonym key too).
   *
   * @return the file written
   * @throws UncheckedIOException if it cannot be written
   */
  public static Path writeSecret(Path file, String password) {
    Path dataDir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dataDir);
      Files.deleteIfExists(file);
      boolean posix = Files.getFileStore(dataDir).supportsFileAttributeView("posix");
      if (posix) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(file);
      }
      Files.writeString(
          file,
          password + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.TRUNCATE_EXISTING);
      return file;
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException(
          "another process created " + file + " while a secret was written to it", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a secret to " + file, e);
    }
  }
}
