package io.apo4j.kfac;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.OptimizerState;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reads a {@link KfacState} back from the names {@link KfacState#toStateDict()} wrote, checking each. */
final class KfacStateCodec {
  private KfacStateCodec() {}

  static KfacState cast(OptimizerState state) {
    if (state instanceof KfacState k) {
      return k;
    }
    throw new Apo4jException(KfacConfig.OWNER + ": state has the wrong type; expected a K-FAC state from init or "
        + "restore, found " + (state == null ? "null" : state.getClass().getName()));
  }

  static KfacState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers, KfacConfig config) {
    List<String> pieces = config.inverseMethod() == InverseMethod.EIGEN ? EigenBasis.NAMES : DampedInverses.NAMES;
    Set<String> expected = new LinkedHashSet<>();
    params.names().forEach(p -> expected.add(KfacState.MOMENTUM + p));
    for (KroneckerLayer layer : layers) {
      String prefix = KfacState.CURVATURE + layer.name() + "/";
      expected.add(prefix + "A");
      expected.add(prefix + "G");
      pieces.forEach(piece -> expected.add(prefix + piece));
    }
    saved.requireTensorNames(KfacConfig.OWNER, expected);
    TensorMap momentum = params.map((name, p) -> checked(saved, KfacState.MOMENTUM + name, p.shape()).castTo(p.dataType()));
    Map<String, LayerCurvature> curvature = new LinkedHashMap<>();
    var type = config.precision().dataType();
    for (KroneckerLayer layer : layers) {
      String prefix = KfacState.CURVATURE + layer.name() + "/";
      long n = layer.columns();
      long m = layer.outputs();
      INDArray a = checked(saved, prefix + "A", new long[] {n, n}).castTo(type);
      INDArray g = checked(saved, prefix + "G", new long[] {m, m}).castTo(type);
      Map<String, INDArray> t = new LinkedHashMap<>();
      for (String piece : pieces) {
        t.put(piece, saved.tensors().get(prefix + piece).dup().castTo(type));
      }
      Preconditioner p = config.inverseMethod() == InverseMethod.EIGEN ? EigenBasis.of(t) : DampedInverses.of(t);
      curvature.put(layer.name(), new LayerCurvature(a, g, p));
    }
    return new KfacState((long) saved.scalar("step"), (long) saved.scalar("fisher-draws"), momentum, layers,
        curvature);
  }

  private static INDArray checked(StateDict saved, String name, long[] shape) {
    INDArray t = saved.tensors().get(name);
    if (!java.util.Arrays.equals(t.shape(), shape)) {
      throw new Apo4jException(KfacConfig.OWNER + ": state tensor '" + name + "' has shape "
          + java.util.Arrays.toString(t.shape()) + "; expected " + java.util.Arrays.toString(shape));
    }
    return t.dup();
  }
}
