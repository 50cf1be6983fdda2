package io.apo4j.host.onnx;

import io.apo4j.api.Apo4jException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One case in ONNX backend-test layout: {@code <case>/model.onnx} and
 * {@code <case>/test_data_set_N/{input_K.pb, output_K.pb}}.
 */
public record ConformanceCase(String name, Path folder) {
  private static final Pattern INDEXED = Pattern.compile("(?:input|output|test_data_set)_(\\d+)(?:\\.pb)?");

  public Path model() {
    return folder.resolve("model.onnx");
  }

  /** Every case folder (one holding a model.onnx) directly under {@code dir}, by name. */
  public static List<ConformanceCase> under(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new Apo4jException(dir + ": not a directory; expected a folder of ONNX backend-test cases");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isRegularFile(p.resolve("model.onnx")))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .map(p -> new ConformanceCase(p.getFileName().toString(), p))
          .toList();
    } catch (IOException e) {
      throw new Apo4jException(dir + ": cannot list cases: " + e.getMessage(), e);
    }
  }

  /** The {@code test_data_set_N} folders, by N. */
  public List<Path> dataSets() {
    return indexed(folder, "test_data_set_");
  }

  /** {@code input_K.pb} (or {@code output_K.pb}) files of one data set, by K. */
  public static List<Path> files(Path dataSet, String prefix) {
    return indexed(dataSet, prefix + "_");
  }

  private static List<Path> indexed(Path dir, String prefix) {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().startsWith(prefix) && INDEXED.matcher(p.getFileName().toString()).matches())
          .forEach(found::add);
    } catch (IOException e) {
      throw new Apo4jException(dir + ": cannot list: " + e.getMessage(), e);
    }
    found.sort(Comparator.comparingInt(ConformanceCase::index));
    return found;
  }

  static int index(Path p) {
    Matcher m = INDEXED.matcher(p.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }
}
