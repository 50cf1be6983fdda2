package io.apo4j.testkit.model;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.TensorMap;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImporter;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.model.TrainableModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A real importer of a tiny text format for the testkit's own tests: {@code y = tanh(x W^T + b)}
 * stored as three lines ("m n", W row-major, b). {@code bug} plants a defect the contract must catch.
 */
final class TinyDenseImporter implements ModelImporterProvider {
  enum Bug { NONE, BIAS_GRADIENT_NOT_SUMMED }

  private final Bug bug;

  TinyDenseImporter(Bug bug) {
    this.bug = bug;
  }

  @Override
  public String id() {
    return "tiny-dense";
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder("importer 'tiny-dense'").build();
  }

  @Override
  public List<String> fileExtensions() {
    return List.of("tdm");
  }

  @Override
  public ModelImporter create(Config config) {
    return this::load;
  }

  private TrainableModel load(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      long[] dims = numbers(lines.get(0)).mapToLong(d -> (long) d).toArray();
      double[] w = numbers(lines.get(1)).toArray();
      double[] b = numbers(lines.get(2)).toArray();
      if (dims.length != 2 || w.length != dims[0] * dims[1] || b.length != dims[0]) {
        throw new IllegalArgumentException("sizes do not fit");
      }
      String name = file.getFileName().toString().replaceFirst("\\.tdm$", "");
      TensorMap params = TensorMap.builder()
          .put("fc.weight", Nd4j.create(w, new long[] {dims[0], dims[1]}, DataType.DOUBLE).castTo(DataType.FLOAT))
          .put("fc.bias", Nd4j.create(b, new long[] {dims[0]}, DataType.DOUBLE).castTo(DataType.FLOAT)).build();
      return new TinyDenseModel(name, params, bug == Bug.BIAS_GRADIENT_NOT_SUMMED);
    } catch (IOException | RuntimeException e) {
      throw new ModelImportException(ModelImportException.Reason.CORRUPT,
          file.getFileName() + ": not a tiny-dense model; expected 'm n', W and b lines, found " + e, e);
    }
  }

  private static java.util.stream.DoubleStream numbers(String line) {
    return Arrays.stream(line.trim().split("\\s+")).mapToDouble(Double::parseDouble);
  }

  /** Writes {@code params} in the format. */
  static void write(TensorMap params, Path target) {
    INDArray w = params.get("fc.weight");
    String text = w.size(0) + " " + w.size(1) + "\n" + join(w) + "\n" + join(params.get("fc.bias")) + "\n";
    try {
      Files.writeString(target, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String join(INDArray a) {
    return Arrays.stream(a.dup('c').castTo(DataType.DOUBLE).data().asDouble())
        .mapToObj(v -> String.format(Locale.ROOT, "%.17g", v)).collect(Collectors.joining(" "));
  }
}
