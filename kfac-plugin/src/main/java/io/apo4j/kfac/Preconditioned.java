package io.apo4j.kfac;

import io.apo4j.api.TensorMap;
import io.apo4j.api.kernels.Elementwise;
import io.apo4j.api.kernels.KroneckerBlocks;
import io.apo4j.api.kernels.TapFactors;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.LayerStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step's preconditioned gradients of the Kronecker layers' parameters (weights and biases,
 * shaped like the gradients, in the factors' data type), and {@code sum_l <P(g_l), g_l>} for the
 * KL clip. The arrays are workspace scratch: valid until the optimizer's next step.
 */
final class Preconditioned {
  private final Map<String, INDArray> byParam;
  private final double gradientDotProduct;

  private Preconditioned(Map<String, INDArray> byParam, double gradientDotProduct) {
    this.byParam = byParam;
    this.gradientDotProduct = gradientDotProduct;
  }

  /** {@code taps}: the step's own layer taps, or null (then every layer rotates its full gradient). */
  static Preconditioned of(TensorMap grads, List<KroneckerLayer> layers, Map<String, LayerCurvature> curvature,
      double damping, FactorPrecision precision, Workspace ws, LayerStatistics taps) {
    Map<String, INDArray> out = new HashMap<>();
    DataType type = precision.dataType();
    double dot = 0;
    for (KroneckerLayer layer : layers) {
      INDArray w = grads.get(layer.weight()).castTo(type);
      INDArray b = layer.hasBias() ? grads.get(layer.bias()).castTo(type) : null;
      LayerGradient g = LayerGradient.of(layer, w, b, type);
      if (taps != null) {
        g = g.withFactors(TapFactors.of(layer, taps.tap(layer.name()), g.weight(), g.bias(), type));
      }
      INDArray pw = ws.get(layer.name() + "/pw", type, w.shape());
      INDArray pb = b == null ? null : ws.get(layer.name() + "/pb", type, b.shape());
      curvature.get(layer.name()).preconditioner().applyInto(layer.name(), g, damping, ws,
          KroneckerBlocks.weightMatrix(layer, pw), KroneckerBlocks.biasColumn(layer, pb));
      dot += Elementwise.dot(pw, w) + (b == null ? 0 : Elementwise.dot(pb, b));
      out.put(layer.weight(), pw);
      if (b != null) {
        out.put(layer.bias(), pb);
      }
    }
    return new Preconditioned(out, dot);
  }

  boolean contains(String param) {
    return byParam.containsKey(param);
  }

  INDArray get(String param) {
    return byParam.get(param);
  }

  double gradientDotProduct() {
    return gradientDotProduct;
  }
}
