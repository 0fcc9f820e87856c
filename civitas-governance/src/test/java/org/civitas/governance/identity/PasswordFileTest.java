package org.civitas.governance.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {
  @TempDir Path dataDir;

  @Test
  void the_first_password_is_written_readable_by_its_owner_only_replacing_an_old_file()
      throws Exception {
    Files.writeString(dataDir.resolve(PasswordFile.NAME), "old");
    Files.setPosixFilePermissions(
        dataDir.resolve(PasswordFile.NAME), PosixFilePermissions.fromString("rw-r--r--"));

    Path file = PasswordFile.write(dataDir.resolve("data"), "s3cret-first-password");

    assertThat(file).hasFileName(PasswordFile.NAME);
    assertThat(Files.readString(file).strip()).isEqualTo("s3cret-first-password");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    Path again = PasswordFile.write(dataDir, "another-password");
    assertThat(Files.readString(again).strip()).isEqualTo("another-password");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(again)))
        .isEqualTo("rw-------");
  }
}
