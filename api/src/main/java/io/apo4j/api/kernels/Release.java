package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import java.util.HashSet;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Frees the native memory of arrays nobody needs any more now, instead of whenever the garbage
 * collector finds their small Java objects.
 *
 * <p>Why: ND4J frees an array's memory only when its Java object is collected. A training step
 * makes megabytes of arrays but few Java objects, so collections are rare, every step touches
 * fresh memory (page faults: an allocation of 1 MB took 0.4-1.7 ms here, 0.03 ms when the memory
 * of a closed array was reused) and the RSS grows to gigabytes.
 *
 * <p>Arrays share memory (a Reshape output is its input's buffer, an op may return its input, a
 * state may hold a gradient), so the unit is the buffer: a candidate is closed only when no kept
 * array uses its buffer, and each buffer once.
 */
@Internal
public final class Release {
  private Release() {}

  /**
   * Frees every candidate whose buffer no array of {@code keep} uses: its memory goes to the
   * {@link ArrayPool} for the next array of its type and shape (or is closed when the pool is full).
   */
  public static void unshared(Iterable<INDArray> candidates, Iterable<INDArray> keep) {
    Set<Long> kept = new HashSet<>();
    for (INDArray a : keep) {
      if (a != null && !a.isEmpty() && !a.wasClosed()) {
        kept.add(root(a));
      }
    }
    for (INDArray a : candidates) {
      if (a == null || a.isEmpty() || a.wasClosed() || a.isView() || !a.closeable()) {
        continue;
      }
      if (kept.add(root(a))) {
        ArrayPool.giveBack(a);
      }
    }
  }

  /** The address of the buffer that owns {@code a}'s memory (a view buffer's parent). */
  private static long root(INDArray a) {
    DataBuffer d = a.data();
    DataBuffer original = d.originalDataBuffer();
    return (original != null ? original : d).address();
  }
}
