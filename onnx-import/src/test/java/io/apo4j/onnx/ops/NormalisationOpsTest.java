package io.apo4j.onnx.ops;

import static io.apo4j.onnx.ops.OpHarness.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.apo4j.api.model.ModelImportException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** GroupNormalization, InstanceNormalization and LRN: values on small cases and VJPs by finite differences. */
class NormalisationOpsTest {
  @Test
  void instanceNormalizationNormalisesEachChannelOfEachSample() {
    INDArray x = Nd4j.create(new double[] {1, 3, 10, 14, 2, 6, 0, 4}, new long[] {2, 2, 2}, DataType.DOUBLE);
    INDArray y = new OpHarness("InstanceNormalization", 6).real("epsilon", 0f)
        .forward(x, Nd4j.createFromArray(1.0, 2.0), Nd4j.createFromArray(0.0, 5.0))[0];
    assertEquals(-1.0, y.getDouble(0, 0, 0), 1e-12);
    assertEquals(1.0, y.getDouble(1, 0, 1), 1e-12);
    assertEquals(2.0 * 1 + 5, y.getDouble(0, 1, 1), 1e-12);
    new OpHarness("InstanceNormalization", 6).checkGradients(random(1, 2, 3, 4), random(2, 3), random(3, 3));
  }

  @Test
  void groupNormalizationSharesStatisticsWithinAGroup() {
    OpHarness gn = new OpHarness("GroupNormalization", 21).integer("num_groups", 2).real("epsilon", 0f);
    INDArray x = Nd4j.create(new double[] {1, 3, 5, 7}, new long[] {1, 4, 1}, DataType.DOUBLE);
    INDArray y = gn.forward(x, Nd4j.createFromArray(1.0, 1.0, 1.0, 1.0), Nd4j.createFromArray(0.0, 0.0, 0.0, 0.0))[0];
    assertEquals(Nd4j.create(new double[] {-1, 1, -1, 1}, new long[] {1, 4, 1}, DataType.DOUBLE), y);
    new OpHarness("GroupNormalization", 21).integer("num_groups", 2).checkGradients(random(4, 2, 4, 3), random(5, 4),
        random(6, 4));
    assertThrows(ModelImportException.class, () -> new OpHarness("GroupNormalization", 18).integer("num_groups", 2)
        .forward(x, random(5, 2), random(6, 2)));
  }

  @Test
  void lrnSumsSquaresOverTheChannelWindow() {
    OpHarness lrn = new OpHarness("LRN", 13).integer("size", 3).real("alpha", 3f).real("beta", 1f).real("bias", 1f);
    INDArray y = lrn.forward(Nd4j.ones(DataType.DOUBLE, 1, 3, 1, 1))[0];
    assertEquals(1.0 / 3, y.getDouble(0, 0, 0, 0), 1e-12);
    assertEquals(0.25, y.getDouble(0, 1, 0, 0), 1e-12);
    new OpHarness("LRN", 13).integer("size", 3).real("alpha", 0.5f).real("beta", 0.75f).real("bias", 2f)
        .checkGradients(random(7, 2, 5, 2, 2));
    new OpHarness("LRN", 13).integer("size", 2).real("alpha", 0.5f).checkGradients(random(8, 1, 4, 3));
  }
}
