package io.apo4j.apo.p;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The spec's P(G) = B (S.*S.*(B^T G A)) A^T written plainly with mmul, as the tests' reference. */
final class ReferencePreconditioner {
  private ReferencePreconditioner() {}

  static INDArray apply(INDArray g, INDArray a, INDArray b, INDArray s) {
    INDArray m = b.transpose().mmul(g).mmul(a);
    return b.mmul(s.mul(s).mul(m)).mmul(a.transpose());
  }

  /** P applied per layer to the gradient {@code g}, identity elsewhere; phi named {@code <layer>/A|B|S}. */
  static TensorMap apply(TensorMap g, TensorMap phi, List<KroneckerLayer> layers) {
    TensorMap out = g;
    for (KroneckerLayer l : layers) {
      INDArray gm = l.toMatrix(g.get(l.weight()), l.hasBias() ? g.get(l.bias()) : null);
      INDArray p = apply(gm, phi.get(l.name() + "/A"), phi.get(l.name() + "/B"), phi.get(l.name() + "/S"));
      out = out.with(l.weight(), l.weightFromMatrix(p, g.get(l.weight()).shape()));
      if (l.hasBias()) {
        out = out.with(l.bias(), l.biasFromMatrix(p, g.get(l.bias()).shape()));
      }
    }
    return out;
  }
}
