package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.api.model.Mode;
import io.apo4j.onnx.graph.Node;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BatchNormalization's float32 plane loops give the same bits as the general path, which computes
 * in double from the same float values and rounds once: run on float32 inputs and on the same
 * inputs widened to float64, every float32 result equals the float64 one rounded.
 */
class BatchNormFloatTest {
  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"TRAIN", "EVAL"})
  void float32LoopsRoundTheGeneralDoubleArithmeticOnce(Mode mode) {
    check(mode, 8, 3, 5, 7);
  }

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"TRAIN", "EVAL"})
  void sameBitsWhenChannelsRunInParallel(Mode mode) {
    check(mode, 16, 4, 32, 32); // 65,536 elements: the parallel path
  }

  private static void check(Mode mode, long... shape) {
    Nd4j.getRandom().setSeed(42);
    long c = shape[1];
    INDArray x = Nd4j.randn(DataType.FLOAT, shape).muli(3).addi(1);
    INDArray gamma = Nd4j.rand(DataType.FLOAT, c).addi(0.5);
    INDArray beta = Nd4j.randn(DataType.FLOAT, c);
    INDArray mean = Nd4j.randn(DataType.FLOAT, c);
    INDArray var = Nd4j.rand(DataType.FLOAT, c).addi(0.5);
    INDArray g = Nd4j.randn(DataType.FLOAT, shape);
    INDArray[] floats = {x, gamma, beta, mean, var};
    INDArray[] doubles = new INDArray[floats.length];
    for (int i = 0; i < floats.length; i++) {
      doubles[i] = floats[i].castTo(DataType.DOUBLE);
    }
    Node node = new OpHarness("BatchNormalization", 15).node(5);
    Op op = OpTable.create(node);
    OpContext fc = new OpContext(node, mode, 0, DataType.FLOAT);
    OpContext dc = new OpContext(node, mode, 0, DataType.DOUBLE);
    INDArray[] yf = op.forward(fc, floats);
    INDArray[] yd = op.forward(dc, doubles);
    assertEquals(yd[0].castTo(DataType.FLOAT), yf[0], "output, " + mode);
    INDArray[] gf = op.backward(fc, floats, yf, new INDArray[] {g, null, null, null, null});
    INDArray[] gd = op.backward(dc, doubles, yd, new INDArray[] {g.castTo(DataType.DOUBLE), null, null, null, null});
    for (int i = 0; i < 3; i++) {
      assertEquals(gd[i].castTo(DataType.FLOAT), gf[i], "gradient of input " + i + ", " + mode);
    }
  }
}
