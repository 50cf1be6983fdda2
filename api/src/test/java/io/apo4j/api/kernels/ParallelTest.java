package io.apo4j.api.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every block runs exactly once, the call returns only when all are done, and failures reach the caller. */
class ParallelTest {
  @Test
  void runsEveryBlockExactlyOnceBeforeReturning() {
    for (int blocks : new int[] {0, 1, 2, 7, 64}) {
      AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, blocks));
      Parallel.forEach(blocks, b -> {
        busyWork(b);
        runs.incrementAndGet(b);
      });
      for (int b = 0; b < blocks; b++) {
        assertEquals(1, runs.get(b), "block " + b + " of " + blocks);
      }
    }
    assertTrue(Parallel.THREADS >= 1);
  }

  @Test
  void aFailingBlockFailsTheCall() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(8, b -> {
      if (b == 5) {
        throw new IllegalStateException("block 5 failed");
      }
    }));
    assertEquals("block 5 failed", e.getMessage());
  }

  @Test
  void blocksCoverTheItems() {
    assertEquals(1, Parallel.blocks(0, 8));
    assertEquals(1, Parallel.blocks(8, 8));
    assertEquals(2, Parallel.blocks(9, 8));
    assertEquals(16, Parallel.blocks(128, 8));
  }

  private static void busyWork(int seed) {
    double x = seed;
    for (int i = 0; i < 10_000; i++) {
      x = Math.sin(x) + 1;
    }
    assertTrue(x > -10);
  }
}
