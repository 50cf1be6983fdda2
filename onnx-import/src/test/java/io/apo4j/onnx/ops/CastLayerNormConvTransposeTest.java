package io.apo4j.onnx.ops;

import static io.apo4j.onnx.ops.OpHarness.longs;
import static io.apo4j.onnx.ops.OpHarness.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Cast, ConstantOfShape, LayerNormalization and ConvTranspose: values on small cases and VJPs by finite differences. */
class CastLayerNormConvTransposeTest {
  @Test
  void castTruncatesTowardZeroAndPassesFloatGradients() {
    INDArray y = new OpHarness("Cast", 13).integer("to", 7).forward(Nd4j.createFromArray(-1.7, 2.9))[0];
    assertEquals(DataType.LONG, y.dataType());
    assertArrayEquals(new long[] {-1, 2}, y.toLongVector());
    new OpHarness("Cast", 13).integer("to", 11).checkGradients(random(1, 3, 2));
  }

  @Test
  void castLikeTakesTheTypeOfItsSecondInput() {
    INDArray y = new OpHarness("CastLike", 19).forward(Nd4j.createFromArray(-1.7, 2.9), Nd4j.createFromArray(0))[0];
    assertEquals(DataType.INT, y.dataType());
    assertArrayEquals(new int[] {-1, 2}, y.toIntVector());
    INDArray f = new OpHarness("CastLike", 15).forward(Nd4j.createFromArray(3L), Nd4j.createFromArray(0.5f))[0];
    assertEquals(DataType.FLOAT, f.dataType());
  }

  @Test
  void constantOfShapeFillsWithTheValueTensor() {
    INDArray zeros = new OpHarness("ConstantOfShape", 9).forward(longs(2, 3))[0];
    assertArrayEquals(new long[] {2, 3}, zeros.shape());
    assertEquals(0.0, zeros.sumNumber().doubleValue());
  }

  @Test
  void layerNormalizationNormalisesTrailingAxes() {
    OpHarness ln = new OpHarness("LayerNormalization", 17).integer("axis", -1).real("epsilon", 0f).outputs(3);
    INDArray x = Nd4j.create(new double[] {1, 3, 2, 6}, new long[] {2, 2}, DataType.DOUBLE);
    INDArray[] out = ln.forward(x, Nd4j.createFromArray(2.0, 1.0), Nd4j.createFromArray(0.5, 0.0));
    assertEquals(Nd4j.create(new double[] {-1.5, 1, -1.5, 1}, new long[] {2, 2}, DataType.DOUBLE), out[0]);
    assertEquals(Nd4j.create(new double[] {2, 4}, new long[] {2, 1}, DataType.DOUBLE), out[1]);
    new OpHarness("LayerNormalization", 17).integer("axis", 1).checkGradients(random(2, 2, 3, 4), random(3, 3, 4),
        random(4, 4));
    new OpHarness("LayerNormalization", 17).integer("axis", 1).outputs(3).checkGradients(random(2, 2, 3, 4),
        random(3, 3, 4), random(4, 4));
    new OpHarness("LayerNormalization", 17).checkGradients(random(5, 3, 5), random(6, 5));
  }

  @Test
  void convTransposeOfOneImpulseIsTheKernel() {
    INDArray x = Nd4j.create(new double[] {0, 1, 0}, new long[] {1, 1, 3}, DataType.DOUBLE);
    INDArray w = Nd4j.create(new double[] {1, 2, 3}, new long[] {1, 1, 3}, DataType.DOUBLE);
    INDArray y = new OpHarness("ConvTranspose", 11).forward(x, w)[0];
    assertEquals(Nd4j.create(new double[] {0, 1, 2, 3, 0}, new long[] {1, 1, 5}, DataType.DOUBLE), y);
    INDArray strided = new OpHarness("ConvTranspose", 11).ints("strides", 2).ints("pads", 1, 1).forward(x, w)[0];
    assertEquals(Nd4j.create(new double[] {0, 1, 2, 3, 0}, new long[] {1, 1, 5}, DataType.DOUBLE), strided);
  }

  @Test
  void convTransposeGradientsIn1d2dAnd3dWithGroups() {
    new OpHarness("ConvTranspose", 11).ints("strides", 2).ints("pads", 1, 0).ints("output_padding", 1)
        .checkGradients(random(1, 2, 2, 3), random(2, 2, 3, 3), random(3, 3));
    new OpHarness("ConvTranspose", 11).ints("strides", 2, 1).ints("dilations", 1, 2).integer("group", 2)
        .checkGradients(random(4, 1, 4, 3, 2), random(5, 4, 1, 2, 2), random(6, 2));
    new OpHarness("ConvTranspose", 11).ints("strides", 1, 2, 1).ints("output_shape", 3, 6, 3).text("auto_pad", "SAME_UPPER")
        .checkGradients(random(7, 1, 1, 3, 3, 3), random(8, 1, 2, 2, 2, 2));
  }
}
