package io.apo4j.testkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.testkit.ContractRunner;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A wrong bias gradient fails exactly the gradient checks of the model-importer contract. */
class ModelImporterContractCatchesBugsTest {
  @Test
  void aWrongBiasGradientFailsTheGradientChecks() {
    assertEquals(Set.of("denseLayerTapsExplainTheWeightGradients()", "parameterGradientsMatchFiniteDifferencesInFloat64()"),
        ContractRunner.failedTests(BrokenImporterSuites.WrongBiasGradient.class));
  }
}
