package io.apo4j.api.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Released arrays are reused only when no kept array shares their memory, and each buffer once. */
class ReleaseTest {
  @Test
  void anArraySharingMemoryWithAKeptOneIsNeitherClosedNorReused() {
    INDArray owner = Nd4j.rand(DataType.FLOAT, 6, 10);
    INDArray reshaped = owner.reshape(new long[] {60});
    double[] before = owner.dup().data().asDouble();
    Release.unshared(List.of(owner), List.of(reshaped));
    assertFalse(owner.wasClosed());
    INDArray fresh = ArrayPool.uninitialized(DataType.FLOAT, 6, 10);
    assertNotSame(owner, fresh);
    fresh.assign(-1);
    assertArrayEquals(before, reshaped.dup().data().asDouble(), 0.0);
  }

  @Test
  void aDeadArrayServesTheNextRequestOfItsTypeAndShape() {
    long[] shape = {3, 17, 23}; // a shape no other test asks for
    INDArray dead = Nd4j.rand(DataType.FLOAT, shape);
    Release.unshared(List.of(dead, dead, dead.reshape(new long[] {3 * 17 * 23})), List.of());
    assertSame(dead, ArrayPool.uninitialized(DataType.FLOAT, shape));
    assertNotSame(dead, ArrayPool.uninitialized(DataType.FLOAT, shape)); // given back once, handed out once
    assertNotSame(dead, ArrayPool.uninitialized(DataType.DOUBLE, shape));
  }

  @Test
  void viewsAreNeverReleased() {
    INDArray owner = Nd4j.rand(DataType.FLOAT, 8, 9);
    INDArray row = owner.getRow(2);
    Release.unshared(List.of(row), List.of());
    assertFalse(row.wasClosed());
    assertFalse(owner.wasClosed());
    assertTrue(owner.sumNumber().doubleValue() > 0);
  }
}
