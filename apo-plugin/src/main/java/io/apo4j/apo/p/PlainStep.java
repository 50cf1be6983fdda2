package io.apo4j.apo.p;

import io.apo4j.api.TensorMap;
import io.apo4j.api.kernels.Blas;
import io.apo4j.api.kernels.ArrayPool;
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
 * The step between meta-steps, in float32 precision: {@code v <- mu v + P(g)} and the update
 * {@code -eta v}, with P(g) = B (S.*S.*(B^T [W b] A)) A^T computed as BLAS GEMMs on views of the
 * gradient tensors into reused scratch ({@link KroneckerBlocks}) and the momentum step as one fused
 * pass per parameter. The same arithmetic as {@link KroneckerPreconditioner#apply} (which the
 * meta-step keeps, for its intermediates), without assembling [W b] or allocating intermediates.
 */
final class PlainStep {
  private final Scratch scratch = new Scratch();

  /** The new velocity (null entries dropped when {@code momentum == 0}) and the update, per parameter. */
  record Result(TensorMap velocity, TensorMap update) {}

  /** {@code taps}: the layer taps of the pass that computed {@code g}, or null ({@link TapFactors}). */
  synchronized Result run(TensorMap g, TensorMap phi, List<KroneckerLayer> layers, TensorMap velocity,
      double momentum, double eta, LayerStatistics taps) {
    Map<String, INDArray> preconditioned = new HashMap<>();
    for (KroneckerLayer layer : layers) {
      precondition(layer, g, LayerPhi.of(phi, layer), preconditioned, taps);
    }
    TensorMap.Builder nextVelocity = TensorMap.builder();
    TensorMap.Builder update = TensorMap.builder();
    for (Map.Entry<String, INDArray> e : g) {
      String name = e.getKey();
      INDArray grad = e.getValue();
      INDArray d = preconditioned.getOrDefault(name, grad);
      INDArray v = momentum > 0 ? velocity.get(name) : null;
      INDArray next = momentum > 0 ? ArrayPool.uninitialized(grad.dataType(), grad.shape())
          : scratch.get(name + "/discarded-velocity", grad.dataType(), grad.shape());
      INDArray step = ArrayPool.uninitialized(grad.dataType(), grad.shape());
      Elementwise.heavyBall(v, momentum, d, 1, null, 0, next, eta, step);
      if (momentum > 0) {
        nextVelocity.put(name, next);
      }
      update.put(name, step);
    }
    return new Result(momentum > 0 ? nextVelocity.build() : TensorMap.empty(), update.build());
  }

  /** P(g) of one layer into scratch tensors shaped like its weight and bias gradients. */
  private void precondition(KroneckerLayer layer, TensorMap g, LayerPhi phi, Map<String, INDArray> out,
      LayerStatistics taps) {
    DataType type = phi.a().dataType();
    INDArray w = g.get(layer.weight()).castTo(type);
    INDArray b = layer.hasBias() ? g.get(layer.bias()).castTo(type) : null;
    long m = layer.outputs();
    long n = layer.columns();
    INDArray left = scratch.get(layer.name() + "/left", type, m, n);
    INDArray inner = scratch.get(layer.name() + "/inner", type, m, n);
    INDArray wm = KroneckerBlocks.weightMatrix(layer, w);
    INDArray bc = KroneckerBlocks.biasColumn(layer, b);
    TapFactors f = taps == null ? null : TapFactors.of(layer, taps.tap(layer.name()), wm, bc, type);
    if (f == null) {
      // left = [W b] A; inner = B^T left
      KroneckerBlocks.rightMultiply(wm, bc, phi.a(), left);
      Blas.gemm(phi.b(), true, left, false, inner, 1, 0);
    } else {
      // [W b] = g^T [a 1]: inner = (g B)^T ([a 1] A), thin products of the N-row taps
      long rows = f.input().rows();
      INDArray rightRows = scratch.get(layer.name() + "/taps-right", type, rows, n);
      INDArray leftRows = scratch.get(layer.name() + "/taps-left", type, rows, m);
      f.rotateInput(phi.a(), rightRows);
      f.rotateOutput(phi.b(), leftRows);
      Blas.gemm(leftRows, true, rightRows, false, inner, 1, 0);
    }
    // inner = S.*S.*inner; left = B inner; [pw pb] = left A^T
    Elementwise.multiply(phi.s(), inner, inner);
    Elementwise.multiply(phi.s(), inner, inner);
    Blas.gemm(phi.b(), false, inner, false, left, 1, 0);
    INDArray pw = scratch.get(layer.name() + "/pw", type, w.shape());
    INDArray pb = b == null ? null : scratch.get(layer.name() + "/pb", type, b.shape());
    KroneckerBlocks.rightMultiplyTransposedInto(left, phi.a(), KroneckerBlocks.weightMatrix(layer, pw),
        KroneckerBlocks.biasColumn(layer, pb));
    out.put(layer.weight(), pw);
    if (b != null) {
      out.put(layer.bias(), pb);
    }
  }
}
