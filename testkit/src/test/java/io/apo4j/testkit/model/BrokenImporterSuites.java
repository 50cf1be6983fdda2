package io.apo4j.testkit.model;

import io.apo4j.api.model.ModelImporterProvider;
import java.nio.file.Path;

/** Contract runs over deliberately broken importers (run by {@link ModelImporterContractCatchesBugsTest}). */
final class BrokenImporterSuites {
  private BrokenImporterSuites() {}

  static class WrongBiasGradient extends ModelImporterContract {
    @Override
    protected ModelImporterProvider provider() {
      return new TinyDenseImporter(TinyDenseImporter.Bug.BIAS_GRADIENT_NOT_SUMMED);
    }

    @Override
    protected Path modelFile() {
      return TinyDenseContractTest.MODEL;
    }
  }
}
