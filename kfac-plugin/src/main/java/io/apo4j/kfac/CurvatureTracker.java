package io.apo4j.kfac;

import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.optim.LayerStatistics;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Maintains every layer's running factors and decompositions: the exponential moving averages
 * {@code A <- decay*A + (1-decay)*A_batch} (same for G), and the decompositions refreshed from them.
 * Pure: every method returns new maps and never writes into the arrays it is given.
 */
final class CurvatureTracker {
  private static final System.Logger LOG = System.getLogger(CurvatureTracker.class.getName());

  private final KfacConfig config;
  private final FactorDecomposer decomposer;

  CurvatureTracker(KfacConfig config) {
    this.config = config;
    this.decomposer = new FactorDecomposer(config.inverseMethod(), config.piCorrection(), config.precision());
  }

  /**
   * Identity factors and their exact decomposition (Q = I, d = 1; or inverses I / (1 + sqrt(lambda))
   * since pi = 1 for identities): no LAPACK call, and step 0 recomputes it from real factors anyway.
   */
  Map<String, LayerCurvature> initial(List<KroneckerLayer> layers, double damping) {
    DataType type = config.precision().dataType();
    double inverse = 1 / (1 + Math.sqrt(damping));
    Map<String, LayerCurvature> out = new LinkedHashMap<>();
    for (KroneckerLayer layer : layers) {
      INDArray a = Nd4j.eye(layer.columns()).castTo(type);
      INDArray g = Nd4j.eye(layer.outputs()).castTo(type);
      Preconditioner p = config.inverseMethod() == InverseMethod.EIGEN
          ? new EigenBasis(a, Nd4j.ones(type, layer.columns()), g, Nd4j.ones(type, layer.outputs()))
          : new DampedInverses(config.precision().apply(a.mul(inverse)), config.precision().apply(g.mul(inverse)));
      out.put(layer.name(), new LayerCurvature(a, g, p));
    }
    return out;
  }

  /**
   * Folds one batch's factors into the running averages, each one GEMM straight into a copy of the
   * old average ({@code A <- decay*A + (1-decay)/R * X^T X}); a non-finite result (a non-finite
   * batch) is skipped with a warning.
   */
  Map<String, LayerCurvature> updateFactors(Map<String, LayerCurvature> current, List<KroneckerLayer> layers,
      LayerStatistics stats) {
    double decay = config.factorDecay();
    FactorPrecision precision = config.precision();
    DataType type = precision.dataType();
    Map<String, LayerCurvature> out = new LinkedHashMap<>(current);
    for (KroneckerLayer layer : layers) {
      LayerCurvature c = current.get(layer.name());
      INDArray a = c.a().castTo(type).dup('c');
      INDArray g = c.g().castTo(type).dup('c');
      KroneckerFactors.foldInto(layer, stats.tap(layer.name()), stats.batchSize(), decay, a, g);
      if (!Preconditioner.isFinite(a) || !Preconditioner.isFinite(g)) {
        LOG.log(Level.WARNING, KfacConfig.OWNER + ": layer '" + layer.name()
            + "': this batch's factors are not finite; keeping the previous running averages");
        continue;
      }
      out.put(layer.name(), c.withFactors(precision.apply(a), precision.apply(g)));
    }
    return out;
  }

  /** Decomposes every layer's factors; returns the new map and how many layers kept their old one. */
  Refreshed decompose(Map<String, LayerCurvature> current, double damping) {
    Map<String, LayerCurvature> out = new LinkedHashMap<>();
    int failures = 0;
    for (Map.Entry<String, LayerCurvature> e : current.entrySet()) {
      LayerCurvature c = e.getValue();
      FactorDecomposer.Outcome o = decomposer.decompose(e.getKey(), c.a(), c.g(), damping, c.preconditioner());
      if (o.failed()) {
        LOG.log(Level.WARNING, o.warning());
        failures++;
      }
      out.put(e.getKey(), c.withPreconditioner(o.preconditioner()));
    }
    return new Refreshed(out, failures);
  }

  /** The result of {@link #decompose}. */
  record Refreshed(Map<String, LayerCurvature> curvature, int failures) {}
}
