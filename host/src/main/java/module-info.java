/** The apo4j host: plugin registry, command line and training loop. */
module io.apo4j.host {
  requires io.apo4j.api;
  requires io.apo4j.platform;
  requires org.bytedeco.javacpp;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.microsoft.onnxruntime;
  requires org.knowm.xchart;
  requires me.tongfei.progressbar;
  requires java.desktop;
  requires java.management;
  requires org.tribuo.util.onnx;
  requires com.google.protobuf;

  uses io.apo4j.api.optim.OptimizerProvider;
  uses io.apo4j.api.discrepancy.DiscrepancyProvider;
  uses io.apo4j.api.loss.LossProvider;
  uses io.apo4j.api.model.ModelImporterProvider;

  exports io.apo4j.host.registry;
  exports io.apo4j.host.cli;
  exports io.apo4j.host.onnx;
  opens io.apo4j.host.cli to info.picocli;
  opens io.apo4j.host.compare to com.fasterxml.jackson.databind;
}
