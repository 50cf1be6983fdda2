package io.apo4j.host.data;

import io.apo4j.api.Apo4jException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fashion-MNIST: the subset shipped in the host jar (first 2048 training and first 1024 test
 * records of the original files, byte for byte), and the full files of the Debian package
 * {@code dataset-fashion-mnist} when they are installed.
 */
public final class EmbeddedData {
  /** Where the Debian package puts the files; {@code $APO_FASHION_MNIST} overrides it. */
  public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  private static final Map<String, List<String>> SUBSET = Map.of(
      "train", List.of("train-first2048-images-idx3-ubyte.gz", "train-first2048-labels-idx1-ubyte.gz"),
      "test", List.of("t10k-first1024-images-idx3-ubyte.gz", "t10k-first1024-labels-idx1-ubyte.gz"));

  private EmbeddedData() {}

  static Dataset load(String where, DataSpec spec) throws IOException {
    List<String> files = SUBSET.get(spec.resource());
    if (files == null) {
      throw new Apo4jException(where + ": embedded split '" + spec.resource() + "' does not exist; expected one of "
          + new java.util.TreeSet<>(SUBSET.keySet()));
    }
    byte[] images = resource(files.get(0));
    byte[] labels = resource(files.get(1));
    return DatasetLoader.idx(where, spec, images, labels,
        Map.of(files.get(0), Digests.sha256(images), files.get(1), Digests.sha256(labels)));
  }

  /** The directory holding the full Fashion-MNIST files, if all four are there. */
  public static Optional<Path> systemFashionMnist() {
    String env = System.getenv("APO_FASHION_MNIST");
    Path dir = env != null && !env.isBlank() ? Path.of(env) : SYSTEM_DIR;
    for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte")) {
      if (!Files.isRegularFile(dir.resolve(f + ".gz")) && !Files.isRegularFile(dir.resolve(f))) {
        return Optional.empty();
      }
    }
    return Optional.of(dir);
  }

  /** The full Fashion-MNIST split ({@code train} or {@code t10k}) in {@code dir}, gzip or plain. */
  public static DataSpec systemSplit(Path dir, String prefix) {
    return DataSpec.idx(pick(dir, prefix + "-images-idx3-ubyte"), pick(dir, prefix + "-labels-idx1-ubyte"));
  }

  private static Path pick(Path dir, String stem) {
    Path gz = dir.resolve(stem + ".gz");
    return Files.isRegularFile(gz) ? gz : dir.resolve(stem);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = EmbeddedData.class.getResourceAsStream("fmnist/" + name)) {
      if (in == null) {
        throw new IllegalStateException("host jar lacks its embedded resource fmnist/" + name);
      }
      return in.readAllBytes();
    }
  }
}
