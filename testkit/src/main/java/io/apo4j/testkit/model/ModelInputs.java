package io.apo4j.testkit.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.apo4j.api.Stable;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.api.model.TrainableModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded random inputs for a model, shaped by its input specs with the batch axis filled in. */
@Stable
public final class ModelInputs {
  private ModelInputs() {}

  /**
   * Standard-normal inputs for every float input; a model with another input type (token ids) is
   * skipped with an assumption asking the test to supply its own inputs.
   */
  public static Map<String, INDArray> gaussian(TrainableModel model, int batch, long seed, DataType type) {
    Random random = new Random(seed);
    Map<String, INDArray> inputs = new LinkedHashMap<>();
    for (TensorSpec spec : model.inputs()) {
      assumeTrue(spec.elementType().startsWith("float"), model.name() + ": input '" + spec.name() + "' is "
          + spec.elementType() + "; override inputs() to supply it");
      long[] shape = spec.shape().clone();
      shape[0] = batch;
      for (int i = 1; i < shape.length; i++) {
        assumeTrue(shape[i] > 0, model.name() + ": input '" + spec.name() + "' has a dynamic axis " + i
            + "; override inputs() to supply it");
      }
      double[] v = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
      for (int i = 0; i < v.length; i++) {
        v[i] = random.nextGaussian();
      }
      inputs.put(spec.name(), Nd4j.create(v, shape, DataType.DOUBLE).castTo(type));
    }
    return inputs;
  }
}
