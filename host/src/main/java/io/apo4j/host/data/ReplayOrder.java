package io.apo4j.host.data;

import io.apo4j.api.Apo4jException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A batch order read from a file, to replay another run step by step: a {@code .npy} integer
 * array of shape steps x batch, or a CSV with one batch of row indices per line.
 */
public final class ReplayOrder implements BatchOrder {
  private final long[][] rows;
  private final long stepsPerEpoch;
  private final String source;

  private ReplayOrder(long[][] rows, int datasetSize, String source) {
    this.rows = rows;
    this.stepsPerEpoch = Math.max(1, datasetSize / rows[0].length);
    this.source = source;
  }

  /** Reads {@code file} and checks every index against a dataset of {@code datasetSize} rows. */
  public static ReplayOrder read(String key, Path file, int datasetSize) {
    long[][] rows;
    try {
      rows = file.toString().endsWith(".npy") ? fromNpy(key, file) : fromCsv(key, file);
    } catch (NoSuchFileException e) {
      throw new Apo4jException(key + ": file not found; expected an existing .npy or .csv file, found no "
          + file.toAbsolutePath());
    } catch (IOException e) {
      throw new Apo4jException(key + ": cannot read " + file + "; " + e, e);
    }
    for (int t = 0; t < rows.length; t++) {
      if (rows[t].length != rows[0].length) {
        throw new Apo4jException(key + ": step " + t + " has " + rows[t].length + " indices; expected "
            + rows[0].length + " like step 0");
      }
      for (long r : rows[t]) {
        if (r < 0 || r >= datasetSize) {
          throw new Apo4jException(key + ": step " + t + " uses row " + r + "; expected indices in [0, "
              + (datasetSize - 1) + "] of the training data");
        }
      }
    }
    return new ReplayOrder(rows, datasetSize, file.getFileName().toString());
  }

  private static long[][] fromNpy(String key, Path file) throws IOException {
    Npy.Array a = Npy.read(file);
    if (a.shape().length != 2 || a.shape()[0] == 0 || a.shape()[1] == 0) {
      throw new Apo4jException(key + ": " + file + " must be a steps x batch array; expected 2 non-empty "
          + "dimensions, found shape " + java.util.Arrays.toString(a.shape()));
    }
    long[] flat = a.asLongs(key + ": " + file);
    int steps = (int) a.shape()[0];
    int batch = (int) a.shape()[1];
    long[][] rows = new long[steps][];
    for (int t = 0; t < steps; t++) {
      rows[t] = java.util.Arrays.copyOfRange(flat, t * batch, (t + 1) * batch);
    }
    return rows;
  }

  private static long[][] fromCsv(String key, Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      throw new Apo4jException(key + ": " + file + " holds no batches; expected one line of indices per step");
    }
    long[][] rows = new long[lines.size()][];
    for (int t = 0; t < rows.length; t++) {
      try {
        rows[t] = java.util.Arrays.stream(lines.get(t).split(",")).map(String::trim).mapToLong(Long::parseLong)
            .toArray();
      } catch (NumberFormatException e) {
        throw new Apo4jException(key + ": " + file + " line " + (t + 1) + ": expected comma-separated row indices, found '"
            + lines.get(t) + "'");
      }
    }
    return rows;
  }

  @Override
  public long[] rows(long step) {
    if (step >= rows.length) {
      throw new Apo4jException("batch-order: step " + step + " is past the end of " + source + "; it holds "
          + rows.length + " steps");
    }
    return rows[(int) step].clone();
  }

  @Override
  public int batchSize() {
    return rows[0].length;
  }

  @Override
  public long stepsPerEpoch() {
    return stepsPerEpoch;
  }

  @Override
  public long availableSteps() {
    return rows.length;
  }

  @Override
  public String describe() {
    return "replayed from " + source + " (" + rows.length + " steps x " + rows[0].length + ")";
  }
}
