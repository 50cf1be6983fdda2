package io.apo4j.testkit.discrepancy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.testkit.ContractRunner;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each deliberate defect fails exactly the contract tests meant to catch it. */
class DiscrepancyContractCatchesBugsTest {
  static class Sums extends DiscrepancyContract {
    @Override
    protected DiscrepancyProvider provider() {
      return new HalfSquaredError(HalfSquaredError.Bug.SUMS_INSTEAD_OF_MEAN);
    }
  }

  static class WrongGradient extends DiscrepancyContract {
    @Override
    protected DiscrepancyProvider provider() {
      return new HalfSquaredError(HalfSquaredError.Bug.WRONG_GRADIENT_SCALE);
    }
  }

  @Test
  void summingInsteadOfAveragingFailsBatchSizeInvariance() {
    assertEquals(Set.of("meanDoesNotGrowWithBatchSize()"), ContractRunner.failedTests(Sums.class));
  }

  @Test
  void aWrongGradientFailsTheFiniteDifferenceCheck() {
    assertEquals(Set.of("gradientMatchesFiniteDifferencesInFloat64()"), ContractRunner.failedTests(WrongGradient.class));
  }
}
