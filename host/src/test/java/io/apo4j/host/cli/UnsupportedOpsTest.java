package io.apo4j.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnsupportedOpsTest {
  @Test
  void listsEveryOpOfTheModelMissingFromTheImportersSupportedList() {
    String message = "m.onnx, node 'n3' (LRN-9): operator LRN (opset 9) is not supported; supported: [Abs-1+, Conv-1+, "
        + "Gemm-6+, Relu-1..13]";
    assertEquals(List.of("LRN", "Concat"), UnsupportedOps.among(List.of("Conv", "LRN", "Relu", "Concat"), message));
  }

  @Test
  void findsNothingWhenTheMessageHasNoList() {
    assertEquals(List.of(), UnsupportedOps.among(List.of("Conv"), "m.onnx: attribute group=2 is not supported"));
  }
}
