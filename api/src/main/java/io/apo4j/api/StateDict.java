package io.apo4j.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a stateful component saves in a checkpoint: named tensors and named scalars (step
 * counters, log learning rates). Names are the contract: loading checks them and names any that
 * are missing or unexpected.
 */
@Stable
public record StateDict(TensorMap tensors, Map<String, Double> scalars) {
  public StateDict {
    scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
  }

  public static StateDict empty() {
    return new StateDict(TensorMap.empty(), Map.of());
  }

  public double scalar(String name) {
    Double v = scalars.get(name);
    if (v == null) {
      throw new Apo4jException("state: scalar '" + name + "' missing; expected one of " + scalars.keySet());
    }
    return v;
  }

  /** Entries under {@code prefix}, with the prefix removed (for nested components). */
  public StateDict child(String prefix) {
    Map<String, Double> s = new LinkedHashMap<>();
    scalars.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        s.put(k.substring(prefix.length()), v);
      }
    });
    return new StateDict(tensors.withPrefixRemoved(prefix), s);
  }

  /** This dict with {@code prefix} before every name. */
  public StateDict prefixed(String prefix) {
    Map<String, Double> s = new LinkedHashMap<>();
    scalars.forEach((k, v) -> s.put(prefix + k, v));
    return new StateDict(tensors.withPrefix(prefix), s);
  }

  /** Union of two dicts with disjoint names. */
  public StateDict merge(StateDict other) {
    Map<String, Double> s = new LinkedHashMap<>(scalars);
    s.putAll(other.scalars);
    return new StateDict(TensorMap.builder().putAll(tensors).putAll(other.tensors).build(), s);
  }

  /**
   * Fails unless this dict has exactly the tensor names {@code expected}; the message names what
   * is missing and what is unexpected.
   */
  public void requireTensorNames(String owner, Set<String> expected) {
    if (tensors.names().equals(expected)) {
      return;
    }
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(tensors.names());
    Set<String> extra = new TreeSet<>(tensors.names());
    extra.removeAll(expected);
    throw new Apo4jException(owner + ": state tensors do not match; missing " + missing
        + ", unexpected " + extra + "; expected " + expected.size() + " names, found " + tensors.size());
  }
}
