package io.apo4j.api.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean squared error over all elements, as {@code torch.nn.MSELoss()}:
 * {@code L = mean((x - t)^2)}, gradient {@code 2 (x - t) / numel}.
 */
final class MseLoss implements Loss {
  static final String ID = "mse";

  @Override
  public LossValue evaluate(INDArray outputs, INDArray targets) {
    LossArrays.requireFloating(ID, "outputs", outputs);
    LossArrays.requireSameShape(ID, outputs, targets);
    double[] x = LossArrays.toDoubles(outputs);
    double[] t = LossArrays.toDoubles(targets);
    int n = x.length;
    double total = 0;
    double[] grad = new double[n];
    for (int i = 0; i < n; i++) {
      double r = x[i] - t[i];
      total += r * r;
      grad[i] = 2 * r / n;
    }
    return new LossValue(total / n, LossArrays.tensorLike(outputs, grad));
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
