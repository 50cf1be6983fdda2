package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arrays of dead values kept for reuse: a training step asks for the same shapes on every step,
 * so after the first step its arrays come from here instead of from ND4J's allocator.
 *
 * <p>Why: an ND4J allocation costs 7-50 us even for reused memory and up to 1.5 ms for a fresh
 * megabyte (page faults) on the machines we measured, and a step makes dozens. The pool only
 * receives arrays that {@link Release} proved dead (no live array shares their memory), never
 * views, and holds at most {@link #CAPACITY_BYTES} (system property {@code apo4j.pool.bytes});
 * beyond that, arrays are closed instead.
 */
@Internal
public final class ArrayPool {
  /** Most bytes the pool keeps; {@code -Dapo4j.pool.bytes=0} turns reuse off (arrays are then closed). */
  public static final long CAPACITY_BYTES = Long.getLong("apo4j.pool.bytes", 512L << 20);
  private static final int PER_SHAPE = 32;
  private static final Map<Key, ArrayDeque<INDArray>> FREE = new HashMap<>();
  private static long pooledBytes;

  private ArrayPool() {}

  /** A c-order array of {@code type} and {@code shape} whose contents are undefined. */
  public static INDArray uninitialized(DataType type, long... shape) {
    Key key = new Key(type, shape);
    synchronized (FREE) {
      ArrayDeque<INDArray> free = FREE.get(key);
      INDArray a = free == null ? null : free.poll();
      if (a != null) {
        pooledBytes -= bytes(a);
        return a;
      }
    }
    return Nd4j.createUninitialized(type, shape, 'c');
  }

  /** An array of {@code like}'s type and shape (c order) whose contents are undefined. */
  public static INDArray uninitializedLike(INDArray like) {
    return uninitialized(like.dataType(), like.shape());
  }

  /** Bytes held for reuse now. */
  public static long pooledBytes() {
    synchronized (FREE) {
      return pooledBytes;
    }
  }

  /** Takes back a dead array that owns its whole buffer; closes it when the pool is full. */
  static void giveBack(INDArray a) {
    if (Memory.dense(a) && a.ordering() == 'c' && a.data().length() == a.length() && a.offset() == 0
        && a.data().originalDataBuffer() == null) {
      long n = bytes(a);
      synchronized (FREE) {
        ArrayDeque<INDArray> free = FREE.computeIfAbsent(new Key(a.dataType(), a.shape()), k -> new ArrayDeque<>());
        if (pooledBytes + n <= CAPACITY_BYTES && free.size() < PER_SHAPE) {
          free.push(a);
          pooledBytes += n;
          return;
        }
      }
    }
    a.close();
  }

  private static long bytes(INDArray a) {
    return a.length() * a.dataType().width();
  }

  /** Type and shape, compared by value. */
  private record Key(DataType type, long[] shape) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.type == type && Arrays.equals(k.shape, shape);
    }

    @Override
    public int hashCode() {
      return type.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
      return type + Arrays.toString(shape);
    }
  }
}
