package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs the independent blocks of a Java kernel loop on the calling thread and the common
 * fork-join pool, so elementwise, pooling and patch loops use every core as ND4J's native ops and
 * PyTorch's kernels do (the reference machines have 2; a single-threaded loop leaves half idle).
 *
 * <p>Results never depend on the thread count: callers cut the work into blocks by its size
 * alone, each block writes its own part of the output (or its own partial sum, combined in block
 * order afterwards), and the caller runs every block itself when the pool is busy or absent.
 * {@code -Dapo4j.kernel.threads=1} runs every block on the caller.
 */
@Internal
public final class Parallel {
  /** Most threads a kernel uses (the caller included). */
  public static final int THREADS = Math.max(1,
      Integer.getInteger("apo4j.kernel.threads", Runtime.getRuntime().availableProcessors()));

  private Parallel() {}

  /**
   * Calls {@code block.accept(b)} once for every b in [0, blocks) and returns when all are done;
   * the first exception a block throws is rethrown here.
   */
  public static void forEach(int blocks, IntConsumer block) {
    if (blocks <= 1 || THREADS == 1) {
      for (int b = 0; b < blocks; b++) {
        block.accept(b);
      }
      return;
    }
    IntStream.range(0, blocks).parallel().forEach(block);
  }

  /** How many blocks of {@code grain} items cover {@code items} (at least one). */
  public static int blocks(long items, long grain) {
    return (int) Math.max(1, (items + grain - 1) / grain);
  }
}
