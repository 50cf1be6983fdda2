package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The broadcasting loops against ND4J's own ops on materialised operands, bit for bit in float32
 * (each element is one IEEE operation either way), for every stride pattern the loops specialise
 * and across parallel blocks.
 */
class BroadcastArithTest {
  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(new long[] {4, 5, 6}, new long[] {4, 5, 6}), // unit strides
        Arguments.of(new long[] {4, 5, 6}, new long[] {4, 5, 1}), // per-row scalar (LayerNorm's mean)
        Arguments.of(new long[] {4, 5, 1}, new long[] {4, 5, 6}),
        Arguments.of(new long[] {4, 5, 6}, new long[] {6}), // a bias row
        Arguments.of(new long[] {4, 1, 6}, new long[] {5, 1}), // both broadcast
        Arguments.of(new long[] {3, 7}, new long[] {}), // a scalar
        Arguments.of(new long[] {2, 3, 4, 5}, new long[] {3, 1, 5}),
        // several parallel blocks of rows, with a partial last one (a transformer's LayerNorm)
        Arguments.of(new long[] {37, 16, 64}, new long[] {37, 16, 1}),
        Arguments.of(new long[] {3, 40000}, new long[] {40000}));
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void float32MatchesNd4jBitForBit(long[] shapeA, long[] shapeB) {
    INDArray a = Nd4j.rand(DataType.FLOAT, shapeA).subi(0.5f);
    INDArray b = Nd4j.rand(DataType.FLOAT, shapeB).addi(0.25f); // no zero divisors
    long[] shape = Tensors.broadcastShape(shapeA, shapeB);
    INDArray ea = Tensors.expand(a, shape).dup('c');
    INDArray eb = Tensors.expand(b, shape).dup('c');
    for (BroadcastArith.Kind kind : BroadcastArith.Kind.values()) {
      INDArray expected = switch (kind) {
        case ADD -> ea.add(eb);
        case SUB -> ea.sub(eb);
        case MUL -> ea.mul(eb);
        case DIV -> ea.div(eb);
      };
      INDArray got = BroadcastArith.apply(kind, a, b, shape);
      assertEquals(expected, got, kind + " of " + java.util.Arrays.toString(shapeA) + " and "
          + java.util.Arrays.toString(shapeB));
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void gradientSumsMatchNd4jSumsInDouble(long[] shapeA, long[] shapeB) {
    long[] shape = Tensors.broadcastShape(shapeA, shapeB);
    INDArray g = Nd4j.rand(DataType.FLOAT, shape);
    int lead = shape.length - shapeB.length;
    int[] axes = java.util.stream.IntStream.range(0, shape.length)
        .filter(i -> i < lead || (shapeB[i - lead] == 1 && shape[i] != 1)).toArray();
    INDArray wide = g.castTo(DataType.DOUBLE);
    INDArray expected = (axes.length == 0 ? wide : wide.sum(true, axes)).reshape(shapeB).castTo(DataType.FLOAT);
    INDArray got = BroadcastArith.reduceTo(g, shapeB);
    assertEquals(0, expected.sub(got).amaxNumber().doubleValue(), 1e-6 * Math.max(1, expected.amaxNumber().doubleValue()),
        "sum to " + java.util.Arrays.toString(shapeB));
  }
}
