package io.apo4j.kfac;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step's preconditioned gradients of the Kronecker layers' parameters (weights and biases,
 * shaped and typed like the gradients), and {@code sum_l <P(g_l), g_l>} for the KL clip.
 */
final class Preconditioned {
  private final Map<String, INDArray> byParam;
  private final double gradientDotProduct;

  private Preconditioned(Map<String, INDArray> byParam, double gradientDotProduct) {
    this.byParam = byParam;
    this.gradientDotProduct = gradientDotProduct;
  }

  static Preconditioned of(TensorMap grads, List<KroneckerLayer> layers, Map<String, LayerCurvature> curvature,
      double damping, FactorPrecision precision) {
    Map<String, INDArray> out = new HashMap<>();
    double dot = 0;
    for (KroneckerLayer layer : layers) {
      INDArray w = grads.get(layer.weight());
      INDArray b = layer.hasBias() ? grads.get(layer.bias()) : null;
      INDArray matrix = layer.toMatrix(w, b).castTo(precision.dataType());
      INDArray p = curvature.get(layer.name()).preconditioner().apply(matrix, damping);
      dot += p.mul(matrix).sumNumber().doubleValue();
      out.put(layer.weight(), layer.weightFromMatrix(p, w.shape()).castTo(w.dataType()));
      if (b != null) {
        out.put(layer.bias(), layer.biasFromMatrix(p, b.shape()).castTo(b.dataType()));
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
