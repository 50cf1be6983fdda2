package io.apo4j.kfac;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.optim.Capability;
import io.apo4j.api.optim.LayerStatistics;
import io.apo4j.api.optim.Lookahead;
import io.apo4j.api.optim.StepContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * A step context that serves taps computed by the test: the empirical ones and, when given, a
 * function from seed to sampled-label taps (recording the seeds asked for).
 */
class TapContext implements StepContext {
  private final long step;
  private final TensorMap params;
  private final List<KroneckerLayer> layers;
  private final Map<String, LayerTap> taps;
  private final int batchSize;
  private final LongFunction<Map<String, LayerTap>> sampled;
  final List<Long> seedsAsked = new ArrayList<>();
  int statisticsCalls;

  TapContext(long step, TensorMap params, List<KroneckerLayer> layers, Map<String, LayerTap> taps, int batchSize,
      LongFunction<Map<String, LayerTap>> sampled) {
    this.step = step;
    this.params = params;
    this.layers = layers;
    this.taps = taps;
    this.batchSize = batchSize;
    this.sampled = sampled;
  }

  TapContext(long step, TensorMap params, List<KroneckerLayer> layers, Map<String, LayerTap> taps, int batchSize) {
    this(step, params, layers, taps, batchSize, null);
  }

  @Override
  public long step() {
    return step;
  }

  @Override
  public TensorMap params() {
    return params;
  }

  @Override
  public Batch batch() {
    throw new Apo4jException("TapContext: no batch");
  }

  @Override
  public double loss() {
    return Double.NaN;
  }

  @Override
  public Set<Capability> capabilities() {
    return sampled == null ? EnumSet.of(Capability.LAYER_STATISTICS)
        : EnumSet.of(Capability.LAYER_STATISTICS, Capability.SAMPLED_FISHER);
  }

  @Override
  public LayerStatistics layerStatistics() {
    statisticsCalls++;
    return stats(taps);
  }

  @Override
  public LayerStatistics sampledFisherStatistics(long seed) {
    if (sampled == null) {
      throw new Apo4jException("TapContext: SAMPLED_FISHER not offered");
    }
    seedsAsked.add(seed);
    return stats(sampled.apply(seed));
  }

  @Override
  public Lookahead lookahead() {
    throw new Apo4jException("TapContext: LOOKAHEAD not offered");
  }

  private LayerStatistics stats(Map<String, LayerTap> t) {
    return new LayerStatistics() {
      @Override
      public List<KroneckerLayer> layers() {
        return layers;
      }

      @Override
      public LayerTap tap(String name) {
        LayerTap tap = t.get(name);
        if (tap == null) {
          throw new Apo4jException("TapContext: no tap for layer '" + name + "'");
        }
        return tap;
      }

      @Override
      public int batchSize() {
        return batchSize;
      }
    };
  }
}
