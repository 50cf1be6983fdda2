package io.apo4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jOnModulePathTest {
  @Test
  void multipliesMatricesThroughTheRepackedModule() {
    INDArray a = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2});
    INDArray b = Nd4j.eye(2).castTo(DataType.FLOAT);
    assertEquals(a, a.mmul(b));
    assertEquals("apo4j.nd4j", Nd4j.class.getModule().getName());
  }
}
