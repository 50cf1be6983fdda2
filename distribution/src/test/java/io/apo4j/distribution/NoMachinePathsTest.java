package io.apo4j.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No tracked file carries an absolute path of the machine that wrote it (run outputs, scripts
 * falling back to one machine's folders): paths in committed files are relative to the repository
 * or the run. Checks the checkout's own location and the usual home and work roots.
 */
class NoMachinePathsTest {
  /** Home and work roots of Linux and macOS machines; built from parts so this file does not match. */
  private static final Pattern MACHINE_ROOTS = Pattern.compile(
      "(?<![\\w.~$])/(" + "work|root|home/[A-Za-z0-9_.-]+|Users/[A-Za-z0-9_.-]+" + ")/[A-Za-z0-9_.-]");

  @Test
  void trackedFilesHoldNoAbsolutePathOfThisMachine() throws Exception {
    Path root = Dist.repoRoot();
    List<String> files = gitLsFiles(root);
    assumeTrue(files != null, "not a git checkout (or no git): nothing to check");
    String checkout = root.toAbsolutePath().normalize().toString();
    List<String> offenders = new ArrayList<>();
    for (String f : files) {
      Path p = root.resolve(f);
      if (!Files.isRegularFile(p) || Files.size(p) > 4 << 20) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(p);
      if (isBinary(bytes)) {
        continue;
      }
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      var m = MACHINE_ROOTS.matcher(text);
      if (text.contains(checkout + "/") || m.find()) {
        offenders.add(f + (m.find(0) ? " (" + m.group() + "...)" : " (" + checkout + ")"));
      }
    }
    assertTrue(offenders.isEmpty(), offenders.size() + " tracked files hold an absolute machine path: " + offenders);
  }

  private static boolean isBinary(byte[] bytes) {
    for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static List<String> gitLsFiles(Path root) throws InterruptedException {
    try {
      Process p = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z").redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? List.of(out.split("\0")) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
