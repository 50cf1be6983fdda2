package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;

/** Creates the {@link Op} of a node, reading and checking its attributes once at import. */
@FunctionalInterface
public interface OpFactory {
  /** @throws io.apo4j.api.model.ModelImportException for attribute values the op does not support */
  Op create(Node node);
}
