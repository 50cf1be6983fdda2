package io.apo4j.testkit.discrepancy;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.api.discrepancy.DiscrepancyValue;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A real discrepancy for the testkit's own tests, {@code 1/N sum_i 1/2 ||a_i - b_i||^2}, with a
 * switch for deliberate defects the contract must catch.
 */
final class HalfSquaredError implements DiscrepancyProvider {
  enum Bug { NONE, SUMS_INSTEAD_OF_MEAN, WRONG_GRADIENT_SCALE }

  private final Bug bug;

  HalfSquaredError(Bug bug) {
    this.bug = bug;
  }

  @Override
  public String id() {
    return "half-squared-error";
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder("discrepancy 'half-squared-error'").build();
  }

  @Override
  public Discrepancy create(Config config) {
    return (newOutputs, oldOutputs) -> {
      double n = bug == Bug.SUMS_INSTEAD_OF_MEAN ? 1 : newOutputs.size(0);
      INDArray diff = newOutputs.sub(oldOutputs);
      double value = 0.5 * diff.mul(diff).sumNumber().doubleValue() / n;
      double scale = bug == Bug.WRONG_GRADIENT_SCALE ? 2 / n : 1 / n;
      return new DiscrepancyValue(value, diff.muli(scale));
    };
  }
}
