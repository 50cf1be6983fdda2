package io.apo4j.host.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a run of a comparison ended.
 *
 * @param exitCode the training process's exit code (0: completed)
 * @param wallSeconds wall-clock time of the process
 * @param peakRssMiB the process's peak resident memory (VmHWM), 0 when unknown
 */
public record RunStatus(int exitCode, double wallSeconds, double peakRssMiB) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public boolean completed() {
    return exitCode == 0;
  }

  static Optional<RunStatus> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), RunStatus.class));
    } catch (IOException e) {
      return Optional.empty(); // a torn status file means the run did not finish cleanly: run it again
    }
  }

  void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
