package io.apo4j.testkit;

import io.apo4j.api.Stable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Finds and reads reference data (NumPy {@code .npy} files) that tests compare against. */
@Stable
public final class ReferenceFiles {
  private ReferenceFiles() {}

  /**
   * The folder {@code relative} under a {@code shared} folder beside the working directory or one
   * of its ancestors ({@code <repo>/../shared} for a clone; works from worktrees and module folders).
   */
  public static Optional<Path> sharedFolder(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve(relative);
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A little-endian, C-order NumPy 1.0 file (f4, f8, i4, i8) as a float64 tensor. */
  public static INDArray readNpy(Path file) throws IOException {
    return readNpy(file.toString(), Files.readAllBytes(file));
  }

  /** The members of an uncompressed or deflated {@code .npz} archive, by name without {@code .npy}. */
  public static Map<String, INDArray> readNpz(Path file) throws IOException {
    Map<String, INDArray> members = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(entry)) {
          String name = entry.getName().replaceFirst("\\.npy$", "");
          members.put(name, readNpy(file + ":" + entry.getName(), in.readAllBytes()));
        }
      }
    }
    return members;
  }

  private static INDArray readNpy(String file, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = buf.getShort(8) & 0xffff;
    String header = new String(buf.array(), 10, headerLength, StandardCharsets.ISO_8859_1);
    Matcher descr = Pattern.compile("'descr': '<([fi][48])'").matcher(header);
    Matcher shape = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
    if (!descr.find() || !shape.find() || header.contains("'fortran_order': True")) {
      throw new IOException(file + ": unsupported npy header; expected little-endian f4/f8/i4/i8 in C order, found "
          + header.trim());
    }
    long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong).toArray();
    int n = (int) Arrays.stream(dims).reduce(1, (a, b) -> a * b);
    buf.position(10 + headerLength);
    double[] values = new double[n];
    String type = descr.group(1);
    for (int i = 0; i < n; i++) {
      values[i] = switch (type) {
        case "f4" -> buf.getFloat();
        case "f8" -> buf.getDouble();
        case "i4" -> buf.getInt();
        default -> buf.getLong();
      };
    }
    return Nd4j.create(values, dims, DataType.DOUBLE);
  }
}
