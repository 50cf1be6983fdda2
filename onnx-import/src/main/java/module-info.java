/** ONNX import plugin: parses ONNX models into trainable graphs on ND4J, and exports them back. */
module io.apo4j.onnx {
  requires io.apo4j.api;
  requires org.tribuo.util.onnx;
  requires com.google.protobuf;
}
