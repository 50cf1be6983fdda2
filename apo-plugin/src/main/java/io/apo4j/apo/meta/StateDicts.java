package io.apo4j.apo.meta;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Name checks for APO's checkpoints, whose base optimizer checks its own names under {@code base/}. */
public final class StateDicts {
  private StateDicts() {}

  /**
   * Fails unless {@code saved} has exactly the tensor names of {@code fresh} outside {@code base/}
   * and every scalar of {@code fresh} outside {@code base/}.
   */
  public static void requireOwnNames(String owner, StateDict saved, StateDict fresh) {
    own(saved).requireTensorNames(owner, own(fresh).tensors().names());
    Set<String> missing = new TreeSet<>();
    fresh.scalars().keySet().stream().filter(n -> !n.startsWith("base/") && !saved.scalars().containsKey(n))
        .forEach(missing::add);
    if (!missing.isEmpty()) {
      throw new io.apo4j.api.Apo4jException(owner + ": state scalars missing " + missing + "; expected "
          + new TreeSet<>(fresh.scalars().keySet()) + ", found " + new TreeSet<>(saved.scalars().keySet()));
    }
  }

  private static StateDict own(StateDict dict) {
    TensorMap.Builder b = TensorMap.builder();
    dict.tensors().forEach(e -> {
      if (!e.getKey().startsWith("base/")) {
        b.put(e.getKey(), e.getValue());
      }
    });
    return new StateDict(b.build(), Map.of());
  }
}
