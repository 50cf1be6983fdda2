package io.apo4j.host.data;

import io.apo4j.api.Apo4jException;
import java.util.SplittableRandom;

/**
 * Per-epoch random permutations of {@code size} rows, cut into full batches (the incomplete tail
 * of each epoch is dropped, like PyTorch's {@code drop_last=True}). Epoch e's permutation is a
 * Fisher-Yates shuffle driven by a {@link SplittableRandom} seeded from the run seed and e, so any
 * step's batch can be recomputed without replaying the ones before it.
 */
public final class ShuffledOrder implements BatchOrder {
  private final int size;
  private final int batchSize;
  private final long seed;
  private long cachedEpoch = -1;
  private int[] permutation;

  public ShuffledOrder(int size, int batchSize, long seed) {
    if (batchSize < 1 || batchSize > size) {
      throw new Apo4jException("batch-size: " + batchSize + " does not fit the training data; expected 1 to "
          + size + " (the number of training examples), found " + batchSize);
    }
    this.size = size;
    this.batchSize = batchSize;
    this.seed = seed;
  }

  @Override
  public long[] rows(long step) {
    long epoch = epoch(step);
    int start = (int) (step % stepsPerEpoch()) * batchSize;
    int[] p = permutation(epoch);
    long[] rows = new long[batchSize];
    for (int i = 0; i < batchSize; i++) {
      rows[i] = p[start + i];
    }
    return rows;
  }

  private int[] permutation(long epoch) {
    if (epoch != cachedEpoch) {
      SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
      int[] p = new int[size];
      for (int i = 0; i < size; i++) {
        p[i] = i;
      }
      for (int i = size - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      permutation = p;
      cachedEpoch = epoch;
    }
    return permutation;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public long stepsPerEpoch() {
    return size / batchSize;
  }

  @Override
  public long availableSteps() {
    return Long.MAX_VALUE;
  }

  @Override
  public String describe() {
    return "shuffled per epoch, seed " + seed;
  }
}
