package io.apo4j.api.runtime;

import io.apo4j.api.Experimental;

/**
 * How {@link TrainingStep} runs its steps.
 *
 * @param optimizerName named in error messages (e.g. the optimizer id)
 * @param seed run seed; dropout and look-ahead seeds of each step derive from it and the step index
 * @param lookaheadSource where APO's second batch B' comes from; null offers no LOOKAHEAD
 * @param fisherSampler targets of the sampled Fisher; null picks one from the loss's target kind
 */
@Experimental
public record StepOptions(String optimizerName, long seed, BatchSource lookaheadSource, TargetSampler fisherSampler) {
  /** Options without look-ahead and with the default sampler. */
  public static StepOptions of(String optimizerName, long seed) {
    return new StepOptions(optimizerName, seed, null, null);
  }

  public StepOptions withLookahead(BatchSource source) {
    return new StepOptions(optimizerName, seed, source, fisherSampler);
  }

  public StepOptions withFisherSampler(TargetSampler sampler) {
    return new StepOptions(optimizerName, seed, lookaheadSource, sampler);
  }

  /** The dropout seed of step {@code step}. */
  public long dropoutSeed(long step) {
    return mix(seed * 0x9E3779B97F4A7C15L + step);
  }

  /** The dropout seed of the look-ahead passes of step {@code step}, independent of the step's own. */
  public long lookaheadSeed(long step) {
    return mix(mix(seed ^ 0x5DEECE66DL) + step);
  }

  /** SplitMix64's finaliser: nearby inputs give unrelated seeds. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
