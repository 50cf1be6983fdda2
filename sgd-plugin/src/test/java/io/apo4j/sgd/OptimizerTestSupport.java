package io.apo4j.sgd;

import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.OptimizerState;
import io.apo4j.api.optim.Step;
import io.apo4j.testkit.optim.NoPluginServices;
import io.apo4j.testkit.optim.QuadraticStepContext;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small helpers for hand-computed optimizer tests on one named vector parameter {@code w}. */
final class OptimizerTestSupport {
  private OptimizerTestSupport() {}

  static Optimizer create(OptimizerProvider provider, Map<String, Object> raw) {
    return provider.create(provider.configSpec().bind(raw), new NoPluginServices());
  }

  static TensorMap w(double... values) {
    return TensorMap.of(Map.of("w", vector(values)));
  }

  static INDArray vector(double... values) {
    return Nd4j.create(values, new long[] {values.length}, DataType.DOUBLE);
  }

  static Step step(Optimizer optimizer, TensorMap params, OptimizerState state, long t, double... grad) {
    return optimizer.update(w(grad), state, new QuadraticStepContext(t, params, Double.NaN));
  }

  static double[] update(Step step) {
    return step.updates().get("w").toDoubleVector();
  }
}
