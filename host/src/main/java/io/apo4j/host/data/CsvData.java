package io.apo4j.host.data;

import io.apo4j.api.Apo4jException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A numeric CSV with a header line: one column (named by {@code target}) holds the targets, every
 * other column is a feature, in file order. {@code target: input} makes the features their own
 * target (autoencoders).
 */
final class CsvData {
  static final String INPUT_AS_TARGET = "input";

  private CsvData() {}

  static Dataset read(String where, DataSpec spec, String text, Map<String, String> digests) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    if (lines.size() < 2) {
      throw new Apo4jException(where + ": CSV has no data rows; expected a header and at least one row, found "
          + lines.size() + " lines");
    }
    List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::trim).toList();
    boolean autoencoder = INPUT_AS_TARGET.equals(spec.target());
    int targetColumn = autoencoder ? -1 : header.indexOf(spec.target());
    if (!autoencoder && targetColumn < 0) {
      throw new Apo4jException(where + ".target: column '" + spec.target() + "' not found; expected one of "
          + header + " or 'input'");
    }
    int n = lines.size() - 1;
    int width = header.size() - (autoencoder ? 0 : 1);
    double[] features = new double[n * width];
    float[] targets = new float[autoencoder ? n * width : n];
    for (int r = 0; r < n; r++) {
      String[] cells = lines.get(r + 1).split(",", -1);
      if (cells.length != header.size()) {
        throw new Apo4jException(where + ": CSV line " + (r + 2) + " has " + cells.length + " cells; expected "
            + header.size() + " (as in the header)");
      }
      int f = 0;
      for (int c = 0; c < cells.length; c++) {
        double v = number(where, r + 2, header.get(c), cells[c]);
        if (c == targetColumn) {
          targets[r] = (float) v;
        } else {
          features[r * width + f++] = v;
        }
      }
    }
    return build(where, spec, n, width, features, targets, autoencoder, digests);
  }

  private static Dataset build(String where, DataSpec spec, int n, int width, double[] features, float[] targets,
      boolean autoencoder, Map<String, String> digests) {
    float[] x = null;
    long[] ids = null;
    if (spec.inputType() == DataSpec.FeatureType.INT64) {
      ids = new long[features.length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = (long) features[i];
      }
    } else {
      x = new float[features.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) features[i];
      }
      Preparation.scaleAndStandardise(x, spec.scale(), spec.standardise());
    }
    boolean classes = !autoencoder && spec.targetType() == DataSpec.TargetType.CLASS;
    long[] targetShape = autoencoder ? new long[] {width} : classes ? new long[0] : new long[] {1};
    float[] y = autoencoder ? (x != null ? x.clone() : toFloats(ids)) : targets;
    if (!classes && !autoencoder) {
      Preparation.standardise(y, spec.targetStandardise());
    }
    return new Dataset(where, n, new long[] {width}, x, ids, targetShape, y, classes, new LinkedHashMap<>(digests));
  }

  private static float[] toFloats(long[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = v[i];
    }
    return f;
  }

  private static double number(String where, int line, String column, String cell) {
    try {
      return Double.parseDouble(cell.trim());
    } catch (NumberFormatException e) {
      throw new Apo4jException(where + ": CSV line " + line + ", column '" + column + "': expected a number, found '"
          + cell + "'");
    }
  }

}
