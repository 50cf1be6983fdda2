package io.apo4j.host.checkpoint;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a checkpoint holds, by name: tensors (parameters, buffers, optimizer state), numbers (step,
 * stream positions, seeds, optimizer scalars) and texts (ids, hashes). Sections are name prefixes:
 * {@code params/}, {@code buffers/}, {@code optimizer/}, {@code run/}.
 */
public record Checkpoint(TensorMap tensors, Map<String, Double> scalars, Map<String, String> texts) {
  public static final String PARAMS = "params/";
  public static final String BUFFERS = "buffers/";
  public static final String OPTIMIZER = "optimizer/";
  public static final String RUN = "run/";

  public Checkpoint {
    scalars = Map.copyOf(scalars);
    texts = Map.copyOf(texts);
  }

  /** A checkpoint of a training state: parameters, buffers, optimizer state and run counters. */
  public static Checkpoint of(TensorMap params, TensorMap buffers, StateDict optimizer, Map<String, Double> run,
      Map<String, String> texts) {
    TensorMap tensors = TensorMap.builder().putAll(params.withPrefix(PARAMS)).putAll(buffers.withPrefix(BUFFERS))
        .putAll(optimizer.tensors().withPrefix(OPTIMIZER)).build();
    Map<String, Double> scalars = new LinkedHashMap<>();
    optimizer.scalars().forEach((k, v) -> scalars.put(OPTIMIZER + k, v));
    run.forEach((k, v) -> scalars.put(RUN + k, v));
    Map<String, String> t = new LinkedHashMap<>();
    texts.forEach((k, v) -> t.put(RUN + k, v));
    return new Checkpoint(tensors, scalars, t);
  }

  public TensorMap params() {
    return tensors.withPrefixRemoved(PARAMS);
  }

  public TensorMap buffers() {
    return tensors.withPrefixRemoved(BUFFERS);
  }

  /** The optimizer's state dict, as it saved it. */
  public StateDict optimizer() {
    return new StateDict(tensors, scalars).child(OPTIMIZER);
  }

  /** A run counter; fails naming the known ones when absent. */
  public double run(String name) {
    Double v = scalars.get(RUN + name);
    if (v == null) {
      throw new Apo4jException("checkpoint: run value '" + name + "' missing; found " + scalars.keySet());
    }
    return v;
  }

  public String text(String name) {
    String v = texts.get(RUN + name);
    if (v == null) {
      throw new Apo4jException("checkpoint: text '" + name + "' missing; found " + texts.keySet());
    }
    return v;
  }

  /**
   * Fails unless the parameters (or buffers) have exactly {@code expected}'s names and shapes; the
   * message names the first offending parameter.
   */
  public static void requireSameLayout(String what, TensorMap expected, TensorMap found) {
    if (!expected.names().equals(found.names())) {
      Set<String> missing = new TreeSet<>(expected.names());
      missing.removeAll(found.names());
      Set<String> extra = new TreeSet<>(found.names());
      extra.removeAll(expected.names());
      throw new Apo4jException("checkpoint: " + what + " do not match the model; missing " + missing + ", unexpected "
          + extra + "; expected " + expected.size() + " names, found " + found.size());
    }
    for (var e : expected) {
      var f = found.get(e.getKey());
      if (!java.util.Arrays.equals(e.getValue().shape(), f.shape()) || e.getValue().dataType() != f.dataType()) {
        throw new Apo4jException("checkpoint: " + what.replaceAll("s$", "") + " '" + e.getKey()
            + "' does not match the model; expected " + e.getValue().dataType() + java.util.Arrays.toString(e.getValue().shape())
            + ", found " + f.dataType() + java.util.Arrays.toString(f.shape()));
      }
    }
  }
}
