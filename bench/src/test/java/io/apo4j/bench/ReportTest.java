package io.apo4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's ratios and the generated import-benchmark model (no timing is asserted anywhere). */
class ReportTest {
  @Test
  void ratiosAreOursOverPyTorchAndMissingValuesShowAsNotAvailable() {
    Map<String, Object> ours = Map.of(
        "environment", Map.of("cores", 2),
        "peak_rss_mb", 300.0,
        "gemm", Map.of("cblas_sgemm", Map.of("gflops", 180.0, "median_ms", 95.0),
            "nd4j_gemm_preallocated", Map.of("gflops", 100.0, "median_ms", 170.0)),
        "models", Map.of("mlp_fmnist", Map.of("batch", 128, "optimizers", Map.of(
            "sgd", Map.of("median_ms", 3.0), "sgd-momentum", Map.of("median_ms", 2.0),
            "apo-lr", Map.of("median_ms", 2.2), "apo-p", Map.of("failed", "boom")))),
        "import", Map.of("skipped", "no ONNX importer"),
        "conv", List.of(Map.of("variant", "onednn", "conv1_conv2_forward_backward", Map.of("median_ms", 20.0),
            "conv1_conv2_forward", Map.of("median_ms", 5.0))));
    Map<String, Object> torch = Map.of("torch", "1.13", "peak_rss_mb", 400.0,
        "gemm_numpy", Map.of("gflops", 200.0, "median_ms", 86.0),
        "models", Map.of("mlp_fmnist", Map.of("optimizers", Map.of("sgd", Map.of("median_ms", 2.0)))));
    String md = new Report(ours, torch).render();
    assertTrue(md.contains("| SGD step mlp_fmnist (batch 128) | 3.00 ms | 2.00 ms PyTorch | 1.50x |"), md);
    assertTrue(md.contains("| 180 GFLOP/s | 200 GFLOP/s numpy | 90% |"), md);
    assertTrue(md.contains("APO-LR / its base (SGD momentum), mlp_fmnist | 2.20 ms | 2.00 ms base | 1.10x"), md);
    assertTrue(md.contains("| mlp_fmnist | 128 | apo-p | failed: boom | n/a | n/a | n/a | n/a | n/a |"), md);
    assertTrue(md.contains("skipped: no ONNX importer"), md);
    assertTrue(md.contains("| onednn | 20.0 ms | 5.00 ms |"), md);
  }

  @Test
  void pyTorchsOwnSecondOrderRatiosAreOverPyTorchsSgdMomentum() {
    Map<String, Object> torch = Map.of("models", Map.of("mlp_fmnist", Map.of("optimizers", Map.of(
        "sgd-momentum", Map.of("median_ms", 2.0, "min_ms", 1.5),
        "kfac", Map.of("median_ms", 9.0, "min_ms", 7.5)))));
    String md = new Report(Map.of("peak_rss_mb", 1.0), torch).render();
    assertTrue(md.contains("| KFAC / SGD momentum, PyTorch's own implementation, mlp_fmnist | 9.00 ms PyTorch | "
        + "2.00 ms PyTorch base | 4.50x (fastest steps: 5.00x) | (<= 2x for ours) |"), md);
    assertFalse(md.contains("APO-P / SGD momentum, PyTorch's own"), md);
  }

  @Test
  void withoutPyTorchTheReportSaysSo() {
    String md = new Report(Map.of("peak_rss_mb", 1.0), null).render();
    assertTrue(md.contains("PyTorch: not measured in this run"), md);
  }

  @Test
  void bigOnnxHasOverTenMillionParametersAsNamedInitializers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.onnx");
    BigOnnx.write(file);
    OnnxMl.ModelProto model;
    try (InputStream in = Files.newInputStream(file)) {
      model = OnnxMl.ModelProto.parseFrom(in);
    }
    long params = 0;
    for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
      long n = 1;
      for (long d : t.getDimsList()) {
        n *= d;
      }
      assertEquals(4 * n, t.getRawData().size(), t.getName());
      params += n;
    }
    assertEquals(BigOnnx.parameterCount(), params);
    assertTrue(params >= 10_000_000, "parameters " + params);
    assertEquals(List.of("Gemm", "Relu", "Gemm", "Relu", "Gemm"),
        model.getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList());
  }
}
