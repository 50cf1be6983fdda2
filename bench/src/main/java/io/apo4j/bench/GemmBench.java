package io.apo4j.bench;

import io.apo4j.api.kernels.Blas;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Large float32 GEMM through ND4J's wrappers and through a direct cblas_sgemm call. */
final class GemmBench {
  private GemmBench() {}

  static Map<String, Object> run(int n, int repeats) {
    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
    Timing.Budget budget = new Timing.Budget(2, 30, repeats, 60);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("blas_threads", Blas.threads());
    out.put("cblas_sgemm", entry(n, Timing.measure(budget, () -> Blas.gemm(a, false, b, false, c, 1, 0))));
    out.put("nd4j_gemm_preallocated", entry(n, Timing.measure(budget, () -> Nd4j.gemm(a, b, c, false, false, 1, 0))));
    out.put("nd4j_gemm", entry(n, Timing.measure(budget, () -> Nd4j.gemm(a, b, false, false))));
    out.put("nd4j_mmul", entry(n, Timing.measure(budget, () -> a.mmul(b))));
    out.put("nd4j_mmul_transposed_view", entry(n, Timing.measure(budget, () -> a.transpose().mmul(b))));
    return out;
  }

  private static Map<String, Object> entry(int n, Timing t) {
    Map<String, Object> m = t.json();
    m.put("gflops", 2.0 * n * n * (double) n / (t.medianMs() / 1e3) / 1e9);
    return m;
  }
}
