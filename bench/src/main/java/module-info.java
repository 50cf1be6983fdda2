/** The apo4j benchmark suite: training steps, GEMM, convolutions and import against PyTorch. */
module io.apo4j.bench {
  requires io.apo4j.api;
  requires org.bytedeco.openblas;
  requires org.tribuo.util.onnx;
  requires com.google.protobuf;
  requires com.fasterxml.jackson.databind;

  uses io.apo4j.api.model.ModelImporterProvider;
  uses io.apo4j.api.optim.OptimizerProvider;
  uses io.apo4j.api.discrepancy.DiscrepancyProvider;
  uses io.apo4j.api.loss.LossProvider;
}
