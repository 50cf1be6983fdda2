package io.apo4j.onnx.ops;

import static io.apo4j.onnx.ops.OpHarness.longs;
import static io.apo4j.onnx.ops.OpHarness.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Slice, Pad, Tile, Expand and Split: forward values on small cases and VJPs against finite differences. */
class CopyingOpsTest {
  static INDArray iota(long... shape) {
    double[] v = new double[(int) Tensors.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return Nd4j.create(v, shape, DataType.DOUBLE);
  }

  @Test
  void sliceFollowsNumpyIncludingNegativeStepsAndClamping() {
    OpHarness slice = new OpHarness("Slice", 13);
    INDArray x = iota(3, 4);
    INDArray y = slice.forward(x, longs(0, -1), longs(Long.MAX_VALUE, -10), longs(0, 1), longs(2, -2))[0];
    assertArrayEquals(new long[] {2, 2}, y.shape());
    assertEquals(Nd4j.create(new double[] {3, 1, 11, 9}, new long[] {2, 2}, DataType.DOUBLE), y);
    slice.checkGradients(random(1, 3, 4), longs(0, -1), longs(Long.MAX_VALUE, -10), longs(0, 1), longs(2, -2));
    new OpHarness("Slice", 1).ints("starts", 1).ints("ends", 3).ints("axes", 1).checkGradients(random(2, 2, 4));
  }

  @ParameterizedTest
  @ValueSource(strings = {"constant", "reflect", "edge", "wrap"})
  void padModesAndTheirGradients(String mode) {
    OpHarness pad = new OpHarness("Pad", 19).text("mode", mode);
    INDArray x = iota(2, 3);
    INDArray y = pad.forward(x, longs(0, 2, 1, 1))[0];
    assertArrayEquals(new long[] {3, 6}, y.shape());
    double[] row0 = Tensors.values(y.getRow(0));
    double[] expected = switch (mode) {
      case "constant" -> new double[] {0, 0, 0, 1, 2, 0};
      case "reflect" -> new double[] {2, 1, 0, 1, 2, 1};
      case "edge" -> new double[] {0, 0, 0, 1, 2, 2};
      default -> new double[] {1, 2, 0, 1, 2, 0};
    };
    assertArrayEquals(expected, row0, 0);
    pad.checkGradients(random(3, 2, 3), longs(1, 2, 1, 1));
    pad.checkGradients(random(4, 2, 5), longs(0, -1, 0, 2)); // a negative pad crops
  }

  @Test
  void padConstantValueAxesAndLegacyAttributes() {
    INDArray y = new OpHarness("Pad", 18).forward(iota(2, 2), longs(1, 0), Nd4j.scalar(5.0), longs(-1))[0];
    assertEquals(Nd4j.create(new double[] {5, 0, 1, 5, 2, 3}, new long[] {2, 3}, DataType.DOUBLE), y);
    new OpHarness("Pad", 18).checkGradients(random(5, 2, 2), longs(1, 0), Nd4j.scalar(0.5), longs(-1));
    INDArray legacy = new OpHarness("Pad", 2).ints("pads", 1, 0, 0, 0).real("value", 7f).forward(iota(1, 2))[0];
    assertEquals(Nd4j.create(new double[] {7, 7, 0, 1}, new long[] {2, 2}, DataType.DOUBLE), legacy);
  }

  @Test
  void tileAndExpandSumTheGradientOverCopies() {
    INDArray t = new OpHarness("Tile", 13).forward(iota(1, 2), longs(2, 2))[0];
    assertEquals(Nd4j.create(new double[] {0, 1, 0, 1, 0, 1, 0, 1}, new long[] {2, 4}, DataType.DOUBLE), t);
    new OpHarness("Tile", 13).checkGradients(random(6, 2, 3), longs(2, 1));
    INDArray e = new OpHarness("Expand", 13).forward(iota(3, 1), longs(2, 1, 2))[0];
    assertArrayEquals(new long[] {2, 3, 2}, e.shape());
    assertEquals(2.0, e.getDouble(1, 2, 1));
    new OpHarness("Expand", 13).checkGradients(random(7, 3, 1), longs(2, 1, 2));
    assertThrows(OpException.class, () -> new OpHarness("Expand", 13).forward(iota(3, 2), longs(4, 3)));
  }

  @Test
  void splitBySizesByCountAndUnevenly() {
    OpHarness bySizes = new OpHarness("Split", 13).integer("axis", 1).outputs(2);
    INDArray[] parts = bySizes.forward(iota(2, 5), longs(2, 3));
    assertEquals(Nd4j.create(new double[] {0, 1, 5, 6}, new long[] {2, 2}, DataType.DOUBLE), parts[0]);
    assertArrayEquals(new long[] {2, 3}, parts[1].shape());
    bySizes.checkGradients(random(8, 2, 5), longs(2, 3));
    OpHarness uneven = new OpHarness("Split", 18).integer("num_outputs", 3).outputs(3);
    INDArray[] u = uneven.forward(iota(7));
    assertArrayEquals(new long[] {3}, u[0].shape());
    assertArrayEquals(new long[] {1}, u[2].shape());
    uneven.checkGradients(random(9, 7));
    new OpHarness("Split", 11).ints("split", 1, 3).outputs(2).checkGradients(random(10, 4, 2));
  }

  @Test
  void resizeNearestPicksSourceElementsAndAddsGradientsBack() {
    INDArray x = iota(1, 1, 2, 2);
    INDArray up = new OpHarness("Resize", 19).forward(x, null, Nd4j.createFromArray(1.0, 1.0, 2.0, 2.0))[0];
    assertArrayEquals(new long[] {1, 1, 4, 4}, up.shape());
    assertArrayEquals(new double[] {0, 0, 1, 1}, Tensors.values(up.get(
        org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
        org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all())), 0);
    INDArray down = new OpHarness("Resize", 19).text("coordinate_transformation_mode", "asymmetric")
        .forward(iota(1, 4), null, null, longs(1, 2))[0];
    assertEquals(Nd4j.create(new double[] {0, 2}, new long[] {1, 2}, DataType.DOUBLE), down);
    new OpHarness("Resize", 19).fixed(2).checkGradients(random(11, 1, 2, 3, 3), null, Nd4j.createFromArray(1.0, 1.0, 1.6, 0.7));
    new OpHarness("Resize", 19).text("coordinate_transformation_mode", "align_corners").text("nearest_mode", "ceil")
        .ints("axes", 2).checkGradients(random(12, 2, 2, 5), null, null, longs(3));
    assertThrows(io.apo4j.api.model.ModelImportException.class,
        () -> new OpHarness("Resize", 19).text("mode", "bilinear").forward(x, null, Nd4j.createFromArray(1.0, 1.0, 2.0, 2.0)));
  }
}
