package io.apo4j.api.model;

import io.apo4j.api.Stable;
import java.util.Arrays;

/**
 * Name, element type and shape of a model input or output.
 *
 * @param shape dimensions, -1 where dynamic (the batch axis)
 * @param elementType ONNX element type name, e.g. "float32" or "int64"
 */
@Stable
public record TensorSpec(String name, String elementType, long[] shape) {
  public TensorSpec {
    shape = shape.clone();
  }

  @Override
  public String toString() {
    return name + ":" + elementType + Arrays.toString(shape);
  }
}
