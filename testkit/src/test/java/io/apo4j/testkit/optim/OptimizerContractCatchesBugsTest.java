package io.apo4j.testkit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.testkit.ContractRunner;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each deliberate defect fails exactly the contract tests meant to catch it. */
class OptimizerContractCatchesBugsTest {
  @Test
  void mutatingTheGradientsFailsDoesNotMutateInputs() {
    Set<String> failed = ContractRunner.failedTests(BrokenOptimizerSuites.MutatesGradients.class);
    assertTrue(failed.contains("doesNotMutateInputs()"), "failed: " + failed);
  }

  @Test
  void losingStateOnRestoreFailsTheRoundTrip() {
    assertEquals(Set.of("stateRoundTripsThroughStateDict()"),
        ContractRunner.failedTests(BrokenOptimizerSuites.ForgetsStateOnRestore.class));
  }

  @Test
  void acceptingAnInvalidConfigFailsItsRow() {
    assertEquals(Set.of("{lr=-1}"), ContractRunner.failedTests(BrokenOptimizerSuites.AcceptsNegativeLr.class));
  }

  @Test
  void crawlingFailsConvergence() {
    Set<String> failed = ContractRunner.failedTests(BrokenOptimizerSuites.CrawlsWithTinyLr.class);
    assertTrue(failed.containsAll(Set.of("convergesOnQuadraticInFloat32()", "convergesOnQuadraticInFloat64()")),
        "failed: " + failed);
  }
}
