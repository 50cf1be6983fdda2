package io.apo4j.api;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An immutable, insertion-ordered map from names to tensors: parameters, gradients, updates and
 * optimizer state are all keyed by name, never by position.
 *
 * <p>The map is immutable; the arrays in it are not copied. Code that receives a {@code TensorMap}
 * must not write into its arrays unless it created them.
 */
@Stable
public final class TensorMap implements Iterable<Map.Entry<String, INDArray>> {
  private static final TensorMap EMPTY = new TensorMap(Map.of());
  private final Map<String, INDArray> entries;

  private TensorMap(Map<String, INDArray> entries) {
    this.entries = entries;
  }

  /** A map with the same entries, in the iteration order of {@code entries}. */
  public static TensorMap of(Map<String, INDArray> entries) {
    LinkedHashMap<String, INDArray> copy = new LinkedHashMap<>();
    entries.forEach((name, value) -> copy.put(name, requireTensor(name, value)));
    return new TensorMap(Collections.unmodifiableMap(copy));
  }

  public static TensorMap empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The tensor called {@code name}; fails naming the valid names when absent. */
  public INDArray get(String name) {
    INDArray value = entries.get(name);
    if (value == null) {
      throw new Apo4jException("tensor '" + name + "' not found; expected one of " + entries.keySet());
    }
    return value;
  }

  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  public Set<String> names() {
    return entries.keySet();
  }

  public int size() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Read-only view. */
  public Map<String, INDArray> asMap() {
    return entries;
  }

  /** Applies {@code f} to every entry, keeping names and order. */
  public TensorMap map(BiFunction<String, INDArray, INDArray> f) {
    Builder b = builder();
    entries.forEach((name, value) -> b.put(name, f.apply(name, value)));
    return b.build();
  }

  /** Copies every array, so the result shares no memory with this map. */
  public TensorMap deepCopy() {
    return map((name, value) -> value.dup());
  }

  /** Zeros with the shape and data type of every entry. */
  public TensorMap zerosLike() {
    return map((name, value) -> value.ulike().assign(0));
  }

  /** This map with {@code name} added or replaced (at the end when added). */
  public TensorMap with(String name, INDArray value) {
    LinkedHashMap<String, INDArray> copy = new LinkedHashMap<>(entries);
    copy.put(name, requireTensor(name, value));
    return new TensorMap(Collections.unmodifiableMap(copy));
  }

  /** Entries whose names start with {@code prefix}, with the prefix removed. */
  public TensorMap withPrefixRemoved(String prefix) {
    Builder b = builder();
    entries.forEach((name, value) -> {
      if (name.startsWith(prefix)) {
        b.put(name.substring(prefix.length()), value);
      }
    });
    return b.build();
  }

  /** Every entry with {@code prefix} put before its name. */
  public TensorMap withPrefix(String prefix) {
    Builder b = builder();
    entries.forEach((name, value) -> b.put(prefix + name, value));
    return b.build();
  }

  @Override
  public Iterator<Map.Entry<String, INDArray>> iterator() {
    return entries.entrySet().iterator();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TensorMap{");
    entries.forEach((n, v) -> s.append(n).append(java.util.Arrays.toString(v.shape())).append(' '));
    return s.append('}').toString();
  }

  private static INDArray requireTensor(String name, INDArray value) {
    if (name == null || value == null) {
      throw new Apo4jException("tensor map: name and value must not be null; found " + name + "=" + value);
    }
    return value;
  }

  /** Collects entries in insertion order; a repeated name is an error. */
  public static final class Builder {
    private final LinkedHashMap<String, INDArray> entries = new LinkedHashMap<>();

    public Builder put(String name, INDArray value) {
      if (entries.put(name, requireTensor(name, value)) != null) {
        throw new Apo4jException("tensor map: name '" + name + "' given twice");
      }
      return this;
    }

    public Builder putAll(TensorMap other) {
      other.forEach(e -> put(e.getKey(), e.getValue()));
      return this;
    }

    public TensorMap build() {
      return new TensorMap(Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
    }
  }
}
