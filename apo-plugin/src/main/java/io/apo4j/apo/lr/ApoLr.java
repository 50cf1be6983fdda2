package io.apo4j.apo.lr;

import io.apo4j.apo.meta.ApoSettings;
import io.apo4j.apo.meta.MetaOptimizer;
import io.apo4j.apo.meta.MetaReport;
import io.apo4j.apo.meta.MetaState;
import io.apo4j.apo.meta.ProximalProbe;
import io.apo4j.apo.meta.StateDicts;
import io.apo4j.apo.meta.Tensors;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.kernels.ArrayPool;
import io.apo4j.api.kernels.Elementwise;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.Direction;
import io.apo4j.api.optim.DirectionalOptimizer;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import io.apo4j.api.optim.StepContext;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * APO-LR (spec section 3): theta' = theta - eta * d with d the base optimizer's direction, and
 * psi = log(eta / lr_base) learned by a meta-optimizer on dQ/dpsi = -eta * <d, r>. The learning rate
 * is the base's own (scheduled) rate times exp(psi), clamped to [eta-min, eta-max]; psi starts at 0,
 * so the initial eta is the base learning rate. The base direction is computed once per step: the
 * meta-step probes with it, and the real step then commits it with the new eta.
 */
final class ApoLr implements Optimizer {
  static final String SCALAR_GROUP = "log-eta-scale";
  private final DirectionalOptimizer base;
  private final ApoSettings settings;
  private final boolean perParameter;
  private final double etaMin;
  private final double etaMax;

  ApoLr(DirectionalOptimizer base, ApoSettings settings, boolean perParameter, double etaMin, double etaMax) {
    this.base = base;
    this.settings = settings;
    this.perParameter = perParameter;
    this.etaMin = etaMin;
    this.etaMax = etaMax;
  }

  @Override
  public Set<Capability> requiredCapabilities() {
    Set<Capability> needs = EnumSet.of(Capability.LOOKAHEAD);
    needs.addAll(base.requiredCapabilities());
    return needs;
  }

  @Override
  public Set<Capability> usefulCapabilities() {
    return base.usefulCapabilities();
  }

  @Override
  public OptimizerState init(TensorMap params, List<KroneckerLayer> layers) {
    Map<String, org.nd4j.linalg.api.ndarray.INDArray> psi = new LinkedHashMap<>();
    params.names().forEach(name -> psi.putIfAbsent(group(name), Tensors.scalar(0.0)));
    TensorMap phi = TensorMap.of(psi);
    return new ApoLrState(0, phi, settings.meta().init(phi), base.init(params, layers));
  }

  @Override
  public Step update(TensorMap grads, OptimizerState state, StepContext ctx) {
    ApoLrState s = (ApoLrState) state;
    Direction dir = base.direction(grads, s.base(), ctx);
    double lr = dir.learningRate();
    TensorMap psi = s.logEtaScale();
    MetaState meta = s.meta();
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (settings.isMetaStep(s.step())) {
      Probed probed = probe(dir.direction(), psi, lr, ctx);
      ProximalProbe.Probe probe = probed.probe();
      TensorMap gradient = probed.metaGradient();
      MetaOptimizer.Updated updated = settings.meta().step(psi, gradient, meta);
      TensorMap newPsi = clamp(updated.phi(), lr);
      double change = 0;
      for (String g : psi.names()) {
        change += gradient.get(g).getDouble(0) * (newPsi.get(g).getDouble(0) - psi.get(g).getDouble(0));
      }
      metrics.putAll(MetaReport.of(probe, change, Math.sqrt(Tensors.squaredNorm(gradient))));
      psi = newPsi;
      meta = updated.state();
    }
    double eta = globalEta(psi, lr);
    metrics.put("eta", eta);
    if (perParameter) {
      for (String g : psi.names()) {
        metrics.put("eta/" + g.substring(SCALAR_GROUP.length() + 1), eta(psi, g, lr));
      }
    }
    TensorMap updates = scaledDirection(dir.direction(), psi, lr);
    return new Step(updates, new ApoLrState(s.step() + 1, psi, meta, dir.nextState()), eta, metrics);
  }

  /** Q at the old phi and dQ/dpsi. */
  record Probed(ProximalProbe.Probe probe, TensorMap metaGradient) {}

  /** The meta-step's look-ahead at theta' = theta - eta * d. Package-private for the tests. */
  Probed probe(TensorMap direction, TensorMap psi, double lr, StepContext ctx) {
    TensorMap delta = scaledDirection(direction, psi, lr);
    ProximalProbe.Probe probe = ProximalProbe.evaluate(ctx, delta, settings);
    return new Probed(probe, metaGradient(delta, probe.gradient(), psi));
  }

  DirectionalOptimizer base() {
    return base;
  }

  /**
   * dQ/dpsi_g = -eta_g * <d_g, r_g> = <delta_g, r_g> per group, since delta = -eta * d. Package-private
   * so the finite-difference tests can check it.
   */
  TensorMap metaGradient(TensorMap delta, TensorMap r, TensorMap psi) {
    Map<String, Double> sums = new LinkedHashMap<>();
    psi.names().forEach(g -> sums.put(g, 0.0));
    for (var e : delta) {
      sums.merge(group(e.getKey()), Tensors.dot(e.getValue(), r.get(e.getKey())), Double::sum);
    }
    TensorMap.Builder b = TensorMap.builder();
    sums.forEach((g, v) -> b.put(g, Tensors.scalar(v)));
    return b.build();
  }

  /** -eta_g * d per parameter, each one fused pass into a new array (no ND4J op dispatch). */
  TensorMap scaledDirection(TensorMap direction, TensorMap psi, double lr) {
    return direction.map((name, d) -> {
      INDArray out = ArrayPool.uninitialized(d.dataType(), d.shape());
      Elementwise.heavyBall(null, 0, d, -eta(psi, group(name), lr), null, 0, out, 0, null);
      return out;
    });
  }

  @Override
  public OptimizerState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers) {
    StateDicts.requireOwnNames("optimizer 'apo-lr'", saved, init(params, layers).toStateDict());
    return new ApoLrState((long) saved.scalar("step"), saved.tensors().withPrefixRemoved("phi/"),
        MetaState.fromStateDict(saved.child("meta/")), base.restore(saved.child("base/"), params, layers));
  }

  private String group(String param) {
    return perParameter ? SCALAR_GROUP + "/" + param : SCALAR_GROUP;
  }

  private double eta(TensorMap psi, String group, double lr) {
    return Math.min(etaMax, Math.max(etaMin, lr * Math.exp(psi.get(group).getDouble(0))));
  }

  /** The one eta, or the geometric mean of the per-parameter ones. */
  private double globalEta(TensorMap psi, double lr) {
    double logSum = 0;
    for (String g : psi.names()) {
      logSum += Math.log(eta(psi, g, lr));
    }
    return Math.exp(logSum / psi.size());
  }

  private TensorMap clamp(TensorMap psi, double lr) {
    double low = Math.log(etaMin / lr);
    double high = Math.log(etaMax / lr);
    return psi.map((g, p) -> Tensors.scalar(Math.min(high, Math.max(low, p.getDouble(0)))));
  }
}
