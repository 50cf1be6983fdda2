package io.apo4j.host.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ToleranceTest {
  private final Tolerance t = Tolerance.BACKEND_TEST;

  @Test
  void acceptsWithinAbsolutePlusRelativeAndRejectsBeyond() {
    var e = Nd4j.createFromArray(0f, 100f, Float.NaN);
    assertTrue(t.compare(e, Nd4j.createFromArray(9e-6f, 100.009f, Float.NaN)).passed());
    assertFalse(t.compare(e, Nd4j.createFromArray(0f, 100.02f, Float.NaN)).passed());
    assertFalse(t.compare(e, Nd4j.createFromArray(0f, 100f, 1f)).passed(), "NaN matches only NaN");
  }

  @Test
  void requiresSameShapeAndTypeAndExactIntegers() {
    assertFalse(t.compare(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 3, 2)).passed());
    assertFalse(t.compare(Nd4j.zeros(DataType.FLOAT, 2), Nd4j.zeros(DataType.DOUBLE, 2)).passed());
    assertFalse(t.compare(Nd4j.createFromArray(1000000L), Nd4j.createFromArray(1000001L)).passed());
    assertTrue(t.compare(Nd4j.createFromArray(true, false), Nd4j.createFromArray(true, false)).passed());
  }
}
