package io.apo4j.apo.meta;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import java.util.Map;

/**
 * The meta-optimizer's state: how many meta-steps it took and, for Adam, the first and second
 * moments of every phi tensor (empty maps for SGD).
 */
public record MetaState(long steps, TensorMap firstMoment, TensorMap secondMoment) {
  /** Names: scalar {@code steps}, tensors {@code m/<phi>} and {@code v/<phi>}. */
  public StateDict toStateDict() {
    TensorMap tensors = TensorMap.builder().putAll(firstMoment.withPrefix("m/"))
        .putAll(secondMoment.withPrefix("v/")).build();
    return new StateDict(tensors, Map.of("steps", (double) steps));
  }

  /** Reads what {@link #toStateDict} wrote. */
  public static MetaState fromStateDict(StateDict saved) {
    return new MetaState((long) saved.scalar("steps"), saved.tensors().withPrefixRemoved("m/"),
        saved.tensors().withPrefixRemoved("v/"));
  }
}
