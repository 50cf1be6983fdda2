package io.apo4j.host.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PyTorch reference corpus ({@code <repo>/../shared/reference/torch}), found by walking up
 * from the working directory (a worktree may sit one level deeper). Tests that need it are
 * skipped with a message when it is absent; the product never reads it.
 */
public final class TorchReference {
  private TorchReference() {}

  /** The corpus root, or a skipped test. */
  public static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(Path.of("shared", "reference", "torch"));
      if (Files.isDirectory(candidate.resolve("traces"))) {
        return candidate;
      }
    }
    assumeTrue(false, "PyTorch reference not found: expected shared/reference/torch beside an ancestor of "
        + Path.of("").toAbsolutePath() + " (CI: <repo>/../shared)");
    return null;
  }

  public static Path fmnist(String file) {
    return root().resolve("data").resolve("fmnist").resolve(file);
  }
}
