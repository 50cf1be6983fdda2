package io.apo4j.onnx.ops;

import java.util.List;

/**
 * What the importer supports of one ONNX operator.
 *
 * @param opType operator name in the default domain
 * @param minOpset oldest operator-set version whose semantics the op implements
 * @param maxOpset newest version known to keep those semantics; {@link Integer#MAX_VALUE} means
 *     open-ended: newer opsets mostly only add data types, so a newer number is no reason to refuse
 * @param attributes every attribute the implementation reads; others fail at import
 * @param factory creates the op of a node
 */
public record OpSpec(String opType, int minOpset, int maxOpset, List<String> attributes, OpFactory factory) {
  public OpSpec {
    attributes = List.copyOf(attributes);
  }

  public boolean supportsOpset(int opset) {
    return opset >= minOpset && opset <= maxOpset;
  }

  @Override
  public String toString() {
    return opType + "-" + minOpset + (maxOpset == Integer.MAX_VALUE ? "+" : ".." + maxOpset);
  }
}
