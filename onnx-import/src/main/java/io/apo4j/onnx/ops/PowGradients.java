package io.apo4j.onnx.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Elementwise gradients of Pow and PRelu (before reduction to the operands' shapes). */
final class PowGradients {
  private PowGradients() {}

  static INDArray[] of(String op, INDArray a, INDArray b, INDArray y, INDArray g) {
    double[] x = Tensors.values(a);
    double[] e = Tensors.values(b);
    double[] z = Tensors.values(y);
    double[] gv = Tensors.values(g);
    double[] ga = new double[x.length];
    double[] gb = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (op.equals("Pow")) {
        ga[i] = gv[i] * e[i] * Math.pow(x[i], e[i] - 1);
        gb[i] = x[i] > 0 ? gv[i] * z[i] * Math.log(x[i]) : 0;
      } else {
        ga[i] = gv[i] * (x[i] < 0 ? e[i] : 1);
        gb[i] = x[i] < 0 ? gv[i] * x[i] : 0;
      }
    }
    return new INDArray[] {Tensors.create(ga, g.shape(), g.dataType()), Tensors.create(gb, g.shape(), g.dataType())};
  }
}
