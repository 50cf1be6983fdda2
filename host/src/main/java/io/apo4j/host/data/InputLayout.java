package io.apo4j.host.data;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.model.TensorSpec;
import java.util.Arrays;

/**
 * Fits a dataset's examples to a model input: the same shape, or flattened when the model's input
 * is 2-D (N x features) and the element counts agree. Dynamic dimensions (-1) accept any size.
 */
public final class InputLayout {
  private InputLayout() {}

  /** The per-example shape to feed, or a message naming the input, both shapes and the data key. */
  public static long[] exampleShape(String dataKey, Dataset data, TensorSpec input) {
    long[] model = Arrays.copyOfRange(input.shape(), 1, input.shape().length);
    long[] own = data.exampleShape();
    if (fits(model, own)) {
      return own;
    }
    long[] flat = {data.exampleLength()};
    if (model.length == 1 && fits(model, flat)) {
      return flat;
    }
    throw new Apo4jException(dataKey + ": examples of shape " + Arrays.toString(own) + " (" + data.exampleLength()
        + " values) do not fit model input '" + input.name() + "'; expected per-example shape "
        + Arrays.toString(model) + " (batch axis first: " + Arrays.toString(input.shape()) + ")");
  }

  private static boolean fits(long[] model, long[] data) {
    if (model.length != data.length) {
      return false;
    }
    for (int d = 0; d < model.length; d++) {
      if (model[d] >= 0 && model[d] != data[d]) {
        return false;
      }
    }
    return true;
  }
}
