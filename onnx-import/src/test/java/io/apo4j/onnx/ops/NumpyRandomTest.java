package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** NumpyRandom reproduces numpy's legacy generator (values printed by numpy 1.24). */
class NumpyRandomTest {
  @Test
  void drawsWhatNumpyDraws() {
    NumpyRandom zero = new NumpyRandom(0);
    assertEquals(0.5488135039273248, zero.nextDouble(), 0);
    assertEquals(0.7151893663724195, zero.nextDouble(), 0);
    assertEquals(0.6027633760716439, zero.nextDouble(), 0);
    NumpyRandom five = new NumpyRandom(5);
    double last = 0;
    for (int i = 0; i < 700; i++) { // past one twist of the 624-word state
      last = five.nextDouble();
    }
    assertEquals(0.7464423502866897, last, 0);
  }
}
