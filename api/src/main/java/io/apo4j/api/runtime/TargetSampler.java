package io.apo4j.api.runtime;

import io.apo4j.api.Experimental;
import io.apo4j.api.loss.TargetKind;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Draws targets from the model's own predictive distribution, for the sampled ("true") Fisher:
 * the loss gradient against such targets has the Fisher as its expected outer product.
 *
 * <p>Which distribution fits depends on the loss: cross-entropy means a categorical over
 * softmax(output), mean squared error a Gaussian with mean output and unit variance, binary
 * cross-entropy with logits a Bernoulli over sigmoid(output). {@link #defaultFor} picks the first
 * two from the loss's target kind; a host that knows the loss is binary cross-entropy passes
 * {@link #bernoulli()} explicitly.
 */
@Experimental
@FunctionalInterface
public interface TargetSampler {
  /** Targets for {@code outputs}, in the layout the loss expects. */
  INDArray sample(INDArray outputs, SplittableRandom rng);

  /** Categorical for class-index losses, Gaussian for value losses. */
  static TargetSampler defaultFor(TargetKind kind) {
    return kind == TargetKind.CLASS_INDEX ? categorical() : gaussian();
  }

  /**
   * Class indices drawn from softmax over the last axis; the result has the output's shape
   * without that axis (N for N x C outputs).
   */
  static TargetSampler categorical() {
    return (outputs, rng) -> {
      long classes = outputs.size(outputs.rank() - 1);
      long rows = outputs.length() / classes;
      double[] logits = outputs.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double[] labels = new double[(int) rows];
      for (int r = 0; r < rows; r++) {
        labels[r] = drawClass(logits, r * (int) classes, (int) classes, rng.nextDouble());
      }
      long[] shape = java.util.Arrays.copyOf(outputs.shape(), outputs.rank() - 1);
      return Nd4j.create(labels, shape, outputs.dataType());
    };
  }

  /** output + standard normal noise: the Gaussian likelihood behind mean squared error. */
  static TargetSampler gaussian() {
    return (outputs, rng) -> {
      double[] mean = outputs.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double[] drawn = new double[mean.length];
      for (int i = 0; i < mean.length; i++) {
        drawn[i] = mean[i] + gaussian(rng);
      }
      return Nd4j.create(drawn, outputs.shape(), outputs.dataType());
    };
  }

  /** 0/1 targets drawn with probability sigmoid(output): the likelihood behind BCE with logits. */
  static TargetSampler bernoulli() {
    return (outputs, rng) -> {
      double[] logits = outputs.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double[] drawn = new double[logits.length];
      for (int i = 0; i < logits.length; i++) {
        drawn[i] = rng.nextDouble() < 1 / (1 + Math.exp(-logits[i])) ? 1 : 0;
      }
      return Nd4j.create(drawn, outputs.shape(), outputs.dataType());
    };
  }

  private static int drawClass(double[] logits, int offset, int classes, double u) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, logits[offset + c]);
    }
    double total = 0;
    for (int c = 0; c < classes; c++) {
      total += Math.exp(logits[offset + c] - max);
    }
    double threshold = u * total;
    double cumulative = 0;
    for (int c = 0; c < classes; c++) {
      cumulative += Math.exp(logits[offset + c] - max);
      if (threshold < cumulative) {
        return c;
      }
    }
    return classes - 1;
  }

  private static double gaussian(SplittableRandom rng) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
