package io.apo4j.api.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.WeightLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Block products against the assembled matrix of KroneckerLayer.toMatrix, for every dense layout. */
class KroneckerBlocksTest {
  @ParameterizedTest
  @CsvSource({"OUT_IN,true,FLOAT", "OUT_IN,false,DOUBLE", "IN_OUT,true,DOUBLE", "IN_OUT,false,FLOAT"})
  void blockProductsEqualProductsOfTheAssembledMatrix(WeightLayout layout, boolean bias, DataType type) {
    int m = 3;
    int n = 4;
    KroneckerLayer layer = new KroneckerLayer("fc", LayerKind.DENSE, "w", bias ? "b" : null, m, n, layout, null);
    int cols = layer.columns();
    INDArray w = layout == WeightLayout.IN_OUT ? BlasTest.random(type, n, m, 1) : BlasTest.random(type, m, n, 1);
    INDArray b = bias ? BlasTest.random(type, 1, m, 2).reshape(m) : null;
    INDArray f = BlasTest.random(type, cols, cols, 3);
    INDArray left = BlasTest.random(type, m, m, 4);
    INDArray matrix = layer.toMatrix(w, b);

    INDArray right = Nd4j.create(type, m, cols);
    KroneckerBlocks.rightMultiply(KroneckerBlocks.weightMatrix(layer, w), KroneckerBlocks.biasColumn(layer, b), f,
        right);
    assertClose(Nd4j.gemm(matrix, f, false, false), right);

    INDArray outW = Nd4j.create(type, w.shape());
    INDArray outB = bias ? Nd4j.create(type, m) : null;
    KroneckerBlocks.rightMultiplyTransposedInto(matrix, f, KroneckerBlocks.weightMatrix(layer, outW),
        KroneckerBlocks.biasColumn(layer, outB));
    assertClose(Nd4j.gemm(matrix, f, false, true), layer.toMatrix(outW, outB));

    KroneckerBlocks.leftMultiplyInto(left, matrix, KroneckerBlocks.weightMatrix(layer, outW),
        KroneckerBlocks.biasColumn(layer, outB));
    assertClose(Nd4j.gemm(left, matrix, false, false), layer.toMatrix(outW, outB));
  }

  private static void assertClose(INDArray want, INDArray got) {
    assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()));
    for (int i = 0; i < want.rows(); i++) {
      for (int j = 0; j < want.columns(); j++) {
        assertEquals(want.getDouble(i, j), got.getDouble(i, j), 1e-5);
      }
    }
  }
}
