package io.apo4j.api.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batched products against the triple loop of {@link BlasTest}, slice by slice. */
class BlasBatchedTest {
  @ParameterizedTest
  @CsvSource({"FLOAT,false,false,4,4", "FLOAT,true,false,4,4", "FLOAT,false,true,4,4", "FLOAT,true,true,4,4",
      "DOUBLE,false,true,4,4", "FLOAT,false,false,1,4", "FLOAT,false,true,4,1", "DOUBLE,true,false,1,4"})
  void everyMatrixOfTheBatchMatchesItsOwnProduct(DataType type, boolean ta, boolean tb, int batchA, int batchB) {
    int batch = Math.max(batchA, batchB);
    int m = 5;
    int k = 7;
    int n = 3;
    INDArray a = stack(type, batchA, ta ? k : m, ta ? m : k, 1);
    INDArray b = stack(type, batchB, tb ? n : k, tb ? k : n, 100);
    INDArray c = Nd4j.create(type, batch, m, n).assign(Double.NaN);
    Blas.gemmBatched(a, ta, b, tb, c);
    for (int i = 0; i < batch; i++) {
      INDArray ai = a.slice(batchA == 1 ? 0 : i).dup('c');
      INDArray bi = b.slice(batchB == 1 ? 0 : i).dup('c');
      BlasTest.assertClose(BlasTest.reference(ai, ta, bi, tb), c.slice(i), type);
    }
  }

  private static INDArray stack(DataType type, int batch, int rows, int cols, long seed) {
    INDArray out = Nd4j.create(type, batch, rows, cols);
    for (int i = 0; i < batch; i++) {
      out.slice(i).assign(BlasTest.random(type, rows, cols, seed + i));
    }
    return out;
  }
}
