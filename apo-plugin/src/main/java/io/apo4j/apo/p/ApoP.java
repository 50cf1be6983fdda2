package io.apo4j.apo.p;

import io.apo4j.apo.meta.ApoSettings;
import io.apo4j.apo.meta.MetaOptimizer;
import io.apo4j.apo.meta.MetaReport;
import io.apo4j.apo.meta.MetaState;
import io.apo4j.apo.meta.ProximalProbe;
import io.apo4j.apo.meta.StateDicts;
import io.apo4j.apo.meta.Tensors;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.LayerStatistics;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import io.apo4j.api.optim.StepContext;
import io.apo4j.api.schedule.Schedule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * APO-P (spec section 4): SGD with momentum on a learned per-layer preconditioner,
 * {@code v <- mu v + P(g); theta <- theta - eta v}, where P is {@link KroneckerPreconditioner} on
 * every Kronecker layer and the identity elsewhere. At every K-th step the factors A, B, S (and,
 * with adapt-lr, psi = log(eta / lr)) take one meta-optimizer step on the proximal objective Q
 * before the real step is taken with the new phi. Steps between meta-steps take the lean
 * {@link PlainStep} (same arithmetic, no intermediates kept).
 */
final class ApoP implements Optimizer {
  static final String LR_GROUP = "log-eta-scale";
  private final Hyper h;
  private final ApoSettings settings;
  private final PlainStep plain = new PlainStep();

  /**
   * APO-P's own hyperparameters.
   *
   * @param lr base learning rate, times the schedule
   * @param momentum mu of the heavy-ball momentum
   * @param weightDecay added to the gradient (times theta) before preconditioning, as torch SGD does
   * @param adaptLr whether APO-LR adapts eta at the same time
   * @param lrMeta the meta-optimizer of psi with adapt-lr
   */
  record Hyper(double lr, double momentum, double weightDecay, Schedule schedule, boolean adaptLr,
      MetaOptimizer lrMeta, double etaMin, double etaMax, Precision precision) {}

  ApoP(Hyper hyper, ApoSettings settings) {
    this.h = hyper;
    this.settings = settings;
  }

  @Override
  public Set<Capability> requiredCapabilities() {
    return Set.of(Capability.LOOKAHEAD);
  }

  /** The layer taps, which factor the plain step's dense-layer products ({@link PlainStep}). */
  @Override
  public Set<Capability> usefulCapabilities() {
    return Set.of(Capability.LAYER_STATISTICS);
  }

  /** The step's layer taps when they factor its gradient (recorded, no weight decay added), else null. */
  private LayerStatistics taps(StepContext ctx) {
    return h.weightDecay() == 0 && ctx.capabilities().contains(Capability.LAYER_STATISTICS)
        ? ctx.layerStatistics() : null;
  }

  @Override
  public OptimizerState init(TensorMap params, List<KroneckerLayer> layers) {
    List<KroneckerLayer> used = PreconditionedLayers.select(params, layers);
    TensorMap.Builder phi = TensorMap.builder();
    used.forEach(l -> LayerPhi.identity(l, params.get(l.weight()).dataType()).putInto(phi, l));
    TensorMap factors = phi.build();
    TensorMap logEta = h.adaptLr() ? TensorMap.of(Map.of(LR_GROUP, Tensors.scalar(0))) : TensorMap.empty();
    TensorMap velocity = h.momentum() > 0 ? params.zerosLike() : TensorMap.empty();
    return new ApoPState(0, used, factors, settings.meta().init(factors), logEta, h.lrMeta().init(logEta), velocity);
  }

  @Override
  public Step update(TensorMap grads, OptimizerState state, StepContext ctx) {
    ApoPState s = (ApoPState) state;
    double lr = h.lr() * h.schedule().factor(s.step());
    TensorMap g = h.weightDecay() == 0 ? grads
        : grads.map((name, gr) -> gr.add(ctx.params().get(name).mul(h.weightDecay())));
    if (!settings.isMetaStep(s.step()) && h.precision() == Precision.FLOAT32) {
      double eta = eta(s.logEtaScale(), lr);
      PlainStep.Result r = plain.run(g, s.phi(), s.layers(), s.velocity(), h.momentum(), eta, taps(ctx));
      return new Step(r.update(), new ApoPState(s.step() + 1, s.layers(), s.phi(), s.meta(), s.logEtaScale(),
          s.lrMeta(), r.velocity()), eta, Map.of("eta", eta));
    }
    TensorMap phi = s.phi();
    TensorMap logEta = s.logEtaScale();
    MetaState meta = s.meta();
    MetaState lrMeta = s.lrMeta();
    Map<String, KroneckerPreconditioner.Applied> applied = new LinkedHashMap<>();
    TensorMap d = withMomentum(precondition(g, phi, s.layers(), applied), s.velocity());
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (settings.isMetaStep(s.step())) {
      double eta = eta(logEta, lr);
      TensorMap delta = d.map((name, v) -> v.mul(-eta));
      ProximalProbe.Probe probe = ProximalProbe.evaluate(ctx, delta, settings);
      TensorMap gradPhi = metaGradient(applied, probe.gradient(), phi, s.layers(), eta);
      MetaOptimizer.Updated u = settings.meta().step(phi, gradPhi, meta);
      TensorMap newPhi = u.phi().map((name, p) -> h.precision().round(p));
      double change = Tensors.dot(gradPhi, newPhi.map((name, p) -> p.sub(s.phi().get(name))));
      double squaredNorm = Tensors.squaredNorm(gradPhi);
      if (h.adaptLr()) {
        TensorMap gradPsi = TensorMap.of(Map.of(LR_GROUP, Tensors.scalar(Tensors.dot(delta, probe.gradient()))));
        MetaOptimizer.Updated lu = h.lrMeta().step(logEta, gradPsi, lrMeta);
        TensorMap newLogEta = clamp(lu.phi(), lr);
        change += gradPsi.get(LR_GROUP).getDouble(0)
            * (newLogEta.get(LR_GROUP).getDouble(0) - logEta.get(LR_GROUP).getDouble(0));
        squaredNorm += Tensors.squaredNorm(gradPsi);
        logEta = newLogEta;
        lrMeta = lu.state();
      }
      metrics.putAll(MetaReport.of(probe, change, Math.sqrt(squaredNorm)));
      phi = newPhi;
      meta = u.state();
      if (h.precision() == Precision.FLOAT32) {
        double newEta = eta(logEta, lr);
        metrics.put("eta", newEta);
        PlainStep.Result r = plain.run(g, phi, s.layers(), s.velocity(), h.momentum(), newEta, taps(ctx));
        return new Step(r.update(), new ApoPState(s.step() + 1, s.layers(), phi, meta, logEta, lrMeta, r.velocity()),
            newEta, metrics);
      }
      applied.clear();
      d = withMomentum(precondition(g, phi, s.layers(), applied), s.velocity());
    }
    double eta = eta(logEta, lr);
    metrics.put("eta", eta);
    TensorMap velocity = h.momentum() > 0 ? d : TensorMap.empty();
    return new Step(d.map((name, v) -> v.mul(-eta)),
        new ApoPState(s.step() + 1, s.layers(), phi, meta, logEta, lrMeta, velocity), eta, metrics);
  }

  /** P(g) per parameter (the identity outside Kronecker layers); records each layer's products. */
  TensorMap precondition(TensorMap g, TensorMap phi, List<KroneckerLayer> layers,
      Map<String, KroneckerPreconditioner.Applied> applied) {
    Map<String, org.nd4j.linalg.api.ndarray.INDArray> out = new LinkedHashMap<>(g.asMap());
    for (KroneckerLayer layer : layers) {
      var gradient = layer.toMatrix(g.get(layer.weight()), layer.hasBias() ? g.get(layer.bias()) : null);
      KroneckerPreconditioner.Applied a = KroneckerPreconditioner.apply(gradient, LayerPhi.of(phi, layer));
      applied.put(layer.name(), a);
      var p = h.precision().round(a.p());
      out.put(layer.weight(), layer.weightFromMatrix(p, g.get(layer.weight()).shape()));
      if (layer.hasBias()) {
        out.put(layer.bias(), layer.biasFromMatrix(p, g.get(layer.bias()).shape()));
      }
    }
    return TensorMap.of(out);
  }

  /** dQ/d(A, B, S) of every layer, named like phi. Package-private for the finite-difference tests. */
  static TensorMap metaGradient(Map<String, KroneckerPreconditioner.Applied> applied, TensorMap r, TensorMap phi,
      List<KroneckerLayer> layers, double eta) {
    TensorMap.Builder b = TensorMap.builder();
    for (KroneckerLayer layer : layers) {
      var rMatrix = layer.toMatrix(r.get(layer.weight()), layer.hasBias() ? r.get(layer.bias()) : null);
      KroneckerPreconditioner.metaGradient(applied.get(layer.name()), rMatrix, LayerPhi.of(phi, layer), eta)
          .putInto(b, layer);
    }
    return b.build();
  }

  private TensorMap withMomentum(TensorMap p, TensorMap velocity) {
    return h.momentum() == 0 ? p : p.map((name, pg) -> velocity.get(name).mul(h.momentum()).addi(pg));
  }

  private double eta(TensorMap logEta, double lr) {
    if (!h.adaptLr()) {
      return lr;
    }
    return Math.min(h.etaMax(), Math.max(h.etaMin(), lr * Math.exp(logEta.get(LR_GROUP).getDouble(0))));
  }

  private TensorMap clamp(TensorMap psi, double lr) {
    double low = Math.log(h.etaMin() / lr);
    double high = Math.log(h.etaMax() / lr);
    return psi.map((g, p) -> Tensors.scalar(Math.min(high, Math.max(low, p.getDouble(0)))));
  }

  @Override
  public OptimizerState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers) {
    ApoPState fresh = (ApoPState) init(params, layers);
    StateDicts.requireOwnNames("optimizer 'apo-p'", saved, fresh.toStateDict());
    TensorMap allPhi = saved.tensors().withPrefixRemoved("phi/");
    TensorMap.Builder phi = TensorMap.builder();
    fresh.phi().names().forEach(n -> phi.put(n, allPhi.get(n)));
    TensorMap.Builder logEta = TensorMap.builder();
    fresh.logEtaScale().names().forEach(n -> logEta.put(n, allPhi.get(n)));
    return new ApoPState((long) saved.scalar("step"), fresh.layers(), phi.build(),
        MetaState.fromStateDict(saved.child("meta/")), logEta.build(),
        MetaState.fromStateDict(saved.child("lr-meta/")), saved.tensors().withPrefixRemoved("velocity/"));
  }
}
