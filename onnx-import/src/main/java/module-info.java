/**
 * ONNX import plugin (id {@code onnx}): parses ONNX files into a graph of operators with forward
 * passes and vector-Jacobian products on ND4J, and exposes them as trainable models. Exports
 * nothing; the host reaches it through {@link io.apo4j.api.model.ModelImporterProvider}.
 */
module io.apo4j.onnx {
  requires io.apo4j.api;
  requires org.tribuo.util.onnx;
  requires com.google.protobuf;

  provides io.apo4j.api.model.ModelImporterProvider with io.apo4j.onnx.OnnxImporterProvider;
}
