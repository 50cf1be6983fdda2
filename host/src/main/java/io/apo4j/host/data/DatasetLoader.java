package io.apo4j.host.data;

import io.apo4j.api.Apo4jException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a {@link DataSpec} into a {@link Dataset}. */
public final class DatasetLoader {
  private DatasetLoader() {}

  /**
   * Loads one split.
   *
   * @param where the config key, named in messages (e.g. {@code data.train})
   */
  public static Dataset load(String where, DataSpec spec) {
    try {
      return switch (spec.format()) {
        case IDX -> idx(where, spec, read(where + ".images", spec.images()), read(where + ".labels", spec.labels()),
            Map.of(name(spec.images()), Digests.sha256(Files.readAllBytes(spec.images())),
                name(spec.labels()), Digests.sha256(Files.readAllBytes(spec.labels()))));
        case CSV -> CsvData.read(where, spec, new String(read(where + ".path", spec.path()),
            java.nio.charset.StandardCharsets.UTF_8), Map.of(name(spec.path()), Digests.sha256(spec.path())));
        case EMBEDDED -> EmbeddedData.load(where, spec);
      };
    } catch (IOException e) {
      throw new Apo4jException(where + ": cannot read the data; " + e, e);
    }
  }

  static Dataset idx(String where, DataSpec spec, byte[] imageBytes, byte[] labelBytes, Map<String, String> digests)
      throws IOException {
    IdxFile images = IdxFile.read(where + ".images", new ByteArrayInputStream(imageBytes));
    IdxFile labels = IdxFile.read(where + ".labels", new ByteArrayInputStream(labelBytes));
    if (labels.dims().length != 1 || labels.records() != images.records()) {
      throw new Apo4jException(where + ": images and labels do not match; expected " + images.records()
          + " labels, found IDX dims " + java.util.Arrays.toString(labels.dims()));
    }
    int n = images.records();
    long[] exampleShape = exampleShape(images.dims());
    float[] x = new float[images.data().length];
    byte[] raw = images.data();
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (raw[i] & 0xFF) / 255f;
    }
    Preparation.scaleAndStandardise(x, spec.scale(), spec.standardise());
    if (CsvData.INPUT_AS_TARGET.equals(spec.target())) {
      // autoencoders: the target is the example itself, flattened (N x H*W), in the same [0, 1] scale
      int width = x.length / n;
      return new Dataset(where, n, exampleShape, x, null, new long[] {width}, x.clone(), false,
          new LinkedHashMap<>(digests));
    }
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = labels.data()[i] & 0xFF;
    }
    return new Dataset(where, n, exampleShape, x, null, new long[0], y, true, new LinkedHashMap<>(digests));
  }

  /** Images N x H x W become 1 x H x W per example (one channel); other ranks stay as they are. */
  private static long[] exampleShape(int[] dims) {
    if (dims.length == 3) {
      return new long[] {1, dims[1], dims[2]};
    }
    long[] shape = new long[dims.length - 1];
    for (int d = 1; d < dims.length; d++) {
      shape[d - 1] = dims[d];
    }
    return shape;
  }

  private static byte[] read(String key, Path file) throws IOException {
    if (file == null) {
      throw new Apo4jException(key + ": no file given; expected a path");
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new Apo4jException(key + ": file not found; expected an existing file, found no " + file.toAbsolutePath());
    }
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }
}
