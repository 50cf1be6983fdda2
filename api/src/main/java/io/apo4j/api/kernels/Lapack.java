package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import java.lang.ref.Reference;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Symmetric eigendecompositions by LAPACK's divide-and-conquer driver ({@code ssyevd}/{@code dsyevd})
 * of the OpenBLAS that ND4J bundles, called on the arrays' memory.
 *
 * <p>Why: ND4J's {@code lapack().syev} runs the QR-iteration driver, ~3x slower for the
 * eigenvectors of a 785 x 785 Kronecker factor (measured 300-600 ms against 100-140 ms for
 * {@code syevd} on the 2-core test machine); K-FAC decomposes such factors periodically.
 */
@Internal
public final class Lapack {
  private Lapack() {}

  /**
   * Eigenpairs of the symmetric matrix {@code a} (only its upper triangle is read; {@code a} is
   * not changed): {@code {vectors, values}} with the eigenvectors as the columns of a new c-order
   * n x n array and the n eigenvalues ascending, both in {@code a}'s data type (float32 or float64;
   * others are computed in float64 and cast back).
   *
   * @throws IllegalArgumentException when {@code a} is not square
   * @throws IllegalStateException naming LAPACK's info code when the driver fails
   */
  public static INDArray[] symmetricEigen(INDArray a) {
    if (a.rank() != 2 || a.size(0) != a.size(1)) {
      throw new IllegalArgumentException("Lapack.symmetricEigen: matrix is not square; expected n x n, found "
          + java.util.Arrays.toString(a.shape()));
    }
    DataType original = a.dataType();
    DataType type = original == DataType.FLOAT || original == DataType.DOUBLE ? original : DataType.DOUBLE;
    int n = (int) a.size(0);
    INDArray vectors = a.castTo(type).dup('c');
    INDArray values = Nd4j.create(type, n);
    if (n == 0) {
      return new INDArray[] {vectors, values};
    }
    int info = type == DataType.FLOAT
        ? openblas.LAPACKE_ssyevd(openblas.LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'U', n, Blas.floats(vectors), n,
            Blas.floats(values))
        : openblas.LAPACKE_dsyevd(openblas.LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'U', n, Blas.doubles(vectors), n,
            Blas.doubles(values));
    Reference.reachabilityFence(vectors);
    Reference.reachabilityFence(values);
    if (info != 0) {
      throw new IllegalStateException("Lapack.symmetricEigen: LAPACK " + (type == DataType.FLOAT ? "s" : "d")
          + "syevd returned info=" + info + " for a " + n + " x " + n + " matrix; expected 0");
    }
    return type == original ? new INDArray[] {vectors, values}
        : new INDArray[] {vectors.castTo(original), values.castTo(original)};
  }
}
