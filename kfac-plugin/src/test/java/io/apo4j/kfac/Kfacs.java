package io.apo4j.kfac;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.optim.Direction;
import io.apo4j.api.optim.OptimizerState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test shortcuts: optimizers from raw config maps, and one-step directions on a tiny dense layer. */
final class Kfacs {
  private Kfacs() {}

  static KfacOptimizer create(Map<String, ?> raw) {
    KfacProvider p = new KfacProvider();
    return (KfacOptimizer) p.create(p.configSpec().bind(raw), null);
  }

  /**
   * A float64 config with the extras off, so that the direction is the bare preconditioned gradient;
   * factors refreshed every step and decompositions every 10 steps.
   */
  static Map<String, Object> bare(double damping) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("id", "kfac");
    raw.put("lr", 1.0);
    raw.put("momentum", 0.0);
    raw.put("factor-decay", 0.0);
    raw.put("kl-clip", false);
    raw.put("precision", "float64");
    raw.put("damping", damping);
    raw.put("factor-update-interval", 1);
    raw.put("inverse-update-interval", 10);
    return raw;
  }

  static Map<String, Object> with(Map<String, Object> raw, String key, Object value) {
    Map<String, Object> copy = new HashMap<>(raw);
    copy.put(key, value);
    return copy;
  }

  /** The first step's direction of {@code opt} as an m x n' matrix [dW, db]. */
  static double[][] firstDirection(KfacOptimizer opt, TinyDense layer, double[][] x, double[][] og) {
    KroneckerLayer kl = layer.layer();
    OptimizerState s = opt.init(layer.params(), List.of(kl));
    TapContext ctx = new TapContext(0, layer.params(), List.of(kl), Map.of("fc", TinyDense.tap(x, og)), x.length);
    Direction d = opt.direction(layer.grads(x, og), s, ctx);
    return matrix(kl, d.direction());
  }

  static double[][] matrix(KroneckerLayer kl, TensorMap t) {
    return Mat.of(kl.toMatrix(t.get(kl.weight()), t.get(kl.bias())));
  }

  static Map<String, LayerTap> taps(double[][] x, double[][] og) {
    return Map.of("fc", TinyDense.tap(x, og));
  }
}
