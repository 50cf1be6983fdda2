package io.apo4j.api.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The update kernels give bit-identical results to the ND4J op chains they replace (the PyTorch
 * trace parity of the optimizers rests on that), on dense arrays and on the fallback for views.
 */
class ArithTest {
  @ParameterizedTest
  @CsvSource({"FLOAT,0.9,1.0", "FLOAT,1.0,-0.01", "FLOAT,0.3,0.7", "DOUBLE,0.9,0.1", "DOUBLE,1.0,1.0"})
  void combineRoundsLikeNd4jMulThenAdd(DataType type, double alpha, double beta) {
    INDArray a = Nd4j.randn(type, 37, 53).muli(3);
    INDArray b = Nd4j.randn(type, 37, 53).muli(1e-3);
    INDArray expected = (alpha == 1 ? a : a.mul(alpha)).add(beta == 1 ? b : b.mul(beta));
    assertBitwiseEqual(expected, Arith.combine(a, alpha, b, beta));
    assertBitwiseEqual(a.add(b), Arith.sum(a, b));
  }

  @ParameterizedTest
  @CsvSource({"FLOAT,-0.01", "FLOAT,0.123456789", "DOUBLE,-0.05"})
  void scaledRoundsLikeNd4jMul(DataType type, double alpha) {
    INDArray a = Nd4j.randn(type, 1000);
    assertBitwiseEqual(a.mul(alpha), Arith.scaled(a, alpha));
  }

  @ParameterizedTest
  @CsvSource({"FLOAT", "DOUBLE"})
  void viewsTakeTheNd4jPathWithTheSameValues(DataType type) {
    INDArray big = Nd4j.randn(type, 10, 12);
    INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 6),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 9));
    INDArray other = Nd4j.randn(type, 5, 7);
    assertBitwiseEqual(view.mul(0.5).add(other.mul(2)), Arith.combine(view, 0.5, other, 2));
    assertBitwiseEqual(view.mul(-3), Arith.scaled(view, -3));
  }

  @ParameterizedTest
  @CsvSource({"FLOAT,0,0,false", "FLOAT,0.01,0,false", "FLOAT,0,0.01,true", "DOUBLE,0.01,0,true",
      "DOUBLE,0,0,false"})
  void adamRoundsLikeItsNd4jChain(DataType type, double l2, double decoupled, boolean amsgrad) {
    INDArray g = Nd4j.randn(type, 23, 31).muli(1e-2);
    INDArray p = Nd4j.randn(type, 23, 31);
    INDArray m = Nd4j.randn(type, 23, 31).muli(1e-3);
    INDArray v = Nd4j.rand(type, 23, 31).muli(1e-4);
    INDArray vmax = amsgrad ? v.add(Nd4j.rand(type, 23, 31).muli(1e-4)) : null;
    double b1 = 0.9;
    double b2 = 0.999;
    double c1 = 1 - Math.pow(b1, 3);
    double c2 = Math.sqrt(1 - Math.pow(b2, 3));
    // the sgd-plugin's Adam written as ND4J ops, one op per step of its javadoc formula
    INDArray gg = l2 == 0 ? g : g.add(p.mul(l2));
    INDArray mt = m.mul(b1).addi(gg.mul(1 - b1));
    INDArray vt = v.mul(b2).addi(gg.mul(gg).muli(1 - b2));
    INDArray second = amsgrad ? org.nd4j.linalg.ops.transforms.Transforms.max(vmax, vt, true) : vt;
    INDArray denom = org.nd4j.linalg.ops.transforms.Transforms.sqrt(second, true).divi(c2).addi(1e-8);
    INDArray d = mt.div(denom).divi(c1);
    if (decoupled != 0) {
      d.addi(p.mul(decoupled));
    }
    Arith.AdamArrays a = Arith.adam(g, p, m, v, vmax, b1, b2, c1, c2, 1e-8, l2, decoupled);
    assertBitwiseEqual(mt, a.m());
    assertBitwiseEqual(vt, a.v());
    assertBitwiseEqual(d, a.direction());
    if (amsgrad) {
      assertBitwiseEqual(second, a.vmax());
    }
  }

  private static void assertBitwiseEqual(INDArray expected, INDArray actual) {
    assertEquals(expected.dataType(), actual.dataType());
    assertArrayEquals(expected.shape(), actual.shape());
    assertArrayEquals(expected.dup('c').data().asDouble(), actual.dup('c').data().asDouble(), 0.0);
  }
}
