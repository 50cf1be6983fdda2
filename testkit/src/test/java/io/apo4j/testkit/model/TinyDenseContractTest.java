package io.apo4j.testkit.model;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.ModelImporterProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A sound importer passes the model-importer contract. */
class TinyDenseContractTest extends ModelImporterContract {
  static final Path MODEL = writeModel();

  static Path writeModel() {
    try {
      Path file = Files.createTempDirectory("tiny-dense").resolve("tiny.tdm");
      Nd4j.getRandom().setSeed(5);
      TinyDenseImporter.write(TensorMap.of(Map.of("fc.weight", Nd4j.randn(DataType.DOUBLE, 3, 4).muli(0.5),
          "fc.bias", Nd4j.randn(DataType.DOUBLE, 3).muli(0.1))), file);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected ModelImporterProvider provider() {
    return new TinyDenseImporter(TinyDenseImporter.Bug.NONE);
  }

  @Override
  protected Path modelFile() {
    return MODEL;
  }
}
