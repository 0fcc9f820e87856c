package org.civitas.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.civitas.app.config.CivitasConfig;
import org.civitas.governance.audit.AuditVerifier;
import org.civitas.governance.audit.Verification;
import org.civitas.governance.audit.store.AuditHead;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code civitas audit verify}: opens the storage the configuration names (as {@code serve} does),
 * walks the audit log's hash chain and prints what it found. Exit code 0 when the chain is intact,
 * 1 when it is broken (or storage cannot be opened), 78 for an invalid configuration.
 *
 * <p>The embedded database is one process's file: verify it while {@code serve} is stopped, or use
 * {@code GET /api/v1/governance/audit/verify} of the running node.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The hash-chained audit log: civitas audit verify.")
final class AuditCommand implements Runnable {

  private final Map<String, String> env;
  private final Path workingDir;

  @Spec CommandSpec spec;

  AuditCommand(Map<String, String> env, Path workingDir) {
    this.env = env;
    this.workingDir = workingDir;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  private AuditHead head(String text) {
    int colon = text.indexOf(':');
    try {
      String hash = text.substring(colon + 1);
      if (colon > 0 && hash.matches("[0-9a-f]{64}")) {
        return new AuditHead(Long.parseLong(text.substring(0, colon)), hash);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ParameterException(
        spec.commandLine(),
        "--published-head is SEQ:HASH (a whole number, a colon, 64 lower-case hexadecimal digits),"
            + " was '"
            + text
            + "'");
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Recomputes every hash of the audit log and checks every link; prints the entries"
              + " checked, the head seq and hash to publish, and the first broken entry."
              + " Exits 0 when intact, 1 when broken.")
  int verify(
      @Mixin ConfigOption configOption,
      @Option(
              names = "--published-head",
              paramLabel = "SEQ:HASH",
              description =
                  "A head printed by an earlier verification and published outside the database;"
                      + " the chain must still hold that hash at that seq.")
          String publishedHead) {
    Optional<AuditHead> published = Optional.ofNullable(publishedHead).map(this::head);
    CivitasConfig config = configOption.load(env, workingDir).config();
    PrintWriter out = spec.commandLine().getOut();
    try (SensingStore store =
        Storage.open(config.storage().toStorageSettings(config.data().dir()))) {
      Verification result = new AuditVerifier(Storage.audit(store)).verify(published);
      out.println("audit log: " + (result.valid() ? "intact" : "BROKEN"));
      out.println("entries checked: " + result.entriesChecked());
      out.println("head seq: " + result.headSeq());
      out.println("head hash: " + result.headHash());
      result
          .firstBreak()
          .ifPresent(
              broken -> {
                out.println("first broken seq: " + broken.seq());
                out.println("reason: " + broken.reason());
                out.println("detail: " + broken.detail());
              });
      if (result.valid()) {
        out.println(
            "Publish the head seq and hash: a later verification whose chain no longer reaches"
                + " them shows entries were cut off the end.");
      }
      out.flush();
      return result.valid() ? 0 : Civitas.EXIT_FAILED;
    }
  }
}
