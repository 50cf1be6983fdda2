package io.apo4j.api.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Binary cross-entropy on logits, mean over all elements, as {@code torch.nn.BCEWithLogitsLoss()}:
 * per element {@code max(x, 0) - x t + log(1 + exp(-|x|))} (the stable form of
 * {@code -t log sigmoid(x) - (1 - t) log(1 - sigmoid(x))}), gradient {@code (sigmoid(x) - t) / numel}.
 * Targets are probabilities in [0, 1] (e.g. pixel intensities for an autoencoder).
 */
final class BceWithLogitsLoss implements Loss {
  static final String ID = "bce-with-logits";

  @Override
  public LossValue evaluate(INDArray outputs, INDArray targets) {
    LossArrays.requireFloating(ID, "logits", outputs);
    LossArrays.requireSameShape(ID, outputs, targets);
    double[] x = LossArrays.toDoubles(outputs);
    double[] t = LossArrays.toDoubles(targets);
    int n = x.length;
    double total = 0;
    double[] grad = new double[n];
    for (int i = 0; i < n; i++) {
      double xi = x[i];
      double e = Math.exp(-Math.abs(xi));
      double sigmoid = xi >= 0 ? 1 / (1 + e) : e / (1 + e);
      total += Math.max(xi, 0) - xi * t[i] + log1pOfSmall(e);
      grad[i] = (sigmoid - t[i]) / n;
    }
    return new LossValue(total / n, LossArrays.tensorLike(outputs, grad));
  }

  /**
   * log(1 + e) for e in [0, 1]. Math.log1p is not a JIT intrinsic and took most of the time of
   * this loss on autoencoder outputs; log(1 + e) is exact to ~1e-12 relative for e >= 1e-4, and
   * below that three terms of the series are exact to double precision.
   */
  private static double log1pOfSmall(double e) {
    return e >= 1e-4 ? Math.log(1 + e) : e * (1 - e * (0.5 - e / 3));
  }

  @Override
  public TargetKind targetKind() {
    return TargetKind.VALUES;
  }

  @Override
  public String toString() {
    return ID;
  }
}
