package io.apo4j.apo.p;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * phi of one Kronecker layer: A (n' x n', input side), B (m x m, output side), S (m x n'); or,
 * for meta-gradients, their gradients.
 */
record LayerPhi(INDArray a, INDArray b, INDArray s) {

  /** A = I, B = I, S = ones: P(G) = G, the base step. */
  static LayerPhi identity(KroneckerLayer layer, DataType type) {
    int m = layer.outputs();
    int n = layer.columns();
    return new LayerPhi(Nd4j.eye(n).castTo(type), Nd4j.eye(m).castTo(type), Nd4j.ones(type, m, n));
  }

  /** The phi tensor names of {@code layer}: {@code <layer>/A}, {@code /B}, {@code /S}. */
  static String name(KroneckerLayer layer, String factor) {
    return layer.name() + "/" + factor;
  }

  /** This layer's entries in {@code phi}. */
  static LayerPhi of(TensorMap phi, KroneckerLayer layer) {
    return new LayerPhi(phi.get(name(layer, "A")), phi.get(name(layer, "B")), phi.get(name(layer, "S")));
  }

  void putInto(TensorMap.Builder b, KroneckerLayer layer) {
    b.put(name(layer, "A"), a).put(name(layer, "B"), this.b).put(name(layer, "S"), s);
  }
}
