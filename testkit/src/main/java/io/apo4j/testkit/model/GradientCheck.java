package io.apo4j.testkit.model;

import static io.apo4j.testkit.TensorAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.testkit.FiniteDifferences;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks a model's backward pass on the scalar {@code L = sum(w * output)} for a fixed random
 * {@code w}, so that {@code dL/dOutput = w} and every gradient can be compared with finite
 * differences of the forward pass alone.
 */
final class GradientCheck {
  private static final double H = 1e-6;
  private static final double RTOL = 1e-5;
  private final TrainableModel model;
  private final TensorMap params;
  private final TensorMap buffers;
  private final Map<String, INDArray> inputs;
  private final Mode mode;
  private final INDArray weights;

  GradientCheck(TrainableModel model, TensorMap params, TensorMap buffers, Map<String, INDArray> inputs, Mode mode) {
    this.model = model;
    this.params = params;
    this.buffers = buffers;
    this.inputs = inputs;
    this.mode = mode;
    INDArray output = model.forward(params, buffers, inputs, mode, 0).output();
    java.util.Random random = new java.util.Random(17);
    double[] w = new double[(int) output.length()];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextDouble() - 0.5;
    }
    this.weights = Nd4j.create(w, output.shape(), DataType.DOUBLE);
  }

  TensorMap params() {
    return params;
  }

  Gradients backward(Set<BackwardOption> options) {
    ForwardPass pass = model.forward(params, buffers, inputs, mode, 0);
    return model.backward(pass, weights, options);
  }

  private double loss(TensorMap p, Map<String, INDArray> x) {
    return model.forward(p, buffers, x, mode, 0).output().castTo(DataType.DOUBLE).mul(weights).sumNumber().doubleValue();
  }

  void assertParameterGradient(String name, INDArray analytic, int samples) {
    assertNotNull(analytic, "gradient of parameter '" + name + "'");
    long[] at = FiniteDifferences.sampleIndices(params.get(name).length(), samples);
    double[] numeric = FiniteDifferences.gradient(x -> loss(params.with(name, x), inputs), params.get(name), at, H);
    compare("parameter '" + name + "'", analytic, at, numeric);
  }

  void assertInputGradient(String name, INDArray analytic, int samples) {
    assertNotNull(analytic, "gradient of input '" + name + "'");
    long[] at = FiniteDifferences.sampleIndices(inputs.get(name).length(), samples);
    double[] numeric = FiniteDifferences.gradient(x -> {
      Map<String, INDArray> changed = new HashMap<>(inputs);
      changed.put(name, x);
      return loss(params, changed);
    }, inputs.get(name), at, H);
    compare("input '" + name + "'", analytic, at, numeric);
  }

  /** A dense layer's weight gradient is g^T [a, 1] for its tap's input a and output gradient g. */
  void assertTapExplainsGradient(KroneckerLayer layer, Gradients grads) {
    LayerTap tap = grads.taps().get(layer.name());
    assertNotNull(tap, "tap of layer '" + layer.name() + "'; taps: " + grads.taps().keySet());
    INDArray a = tap.input().castTo(DataType.DOUBLE).reshape(-1, layer.inputs());
    INDArray g = tap.outputGradient().castTo(DataType.DOUBLE).reshape(-1, layer.outputs());
    INDArray aBar = layer.hasBias() ? Nd4j.hstack(a, Nd4j.ones(DataType.DOUBLE, a.size(0), 1)) : a;
    INDArray expected = Nd4j.gemm(g, aBar, true, false);
    INDArray actual = layer.toMatrix(grads.parameters().get(layer.weight()),
        layer.hasBias() ? grads.parameters().get(layer.bias()) : null);
    assertClose(expected, actual.castTo(DataType.DOUBLE), 1e-8, 1e-12, "layer '" + layer.name() + "': g^T a");
  }

  private static void compare(String what, INDArray analytic, long[] at, double[] numeric) {
    INDArray flat = analytic.castTo(DataType.DOUBLE).dup('c').reshape(analytic.length());
    double scale = 1e-6;
    for (double n : numeric) {
      scale = Math.max(scale, Math.abs(n));
    }
    for (int k = 0; k < at.length; k++) {
      assertEquals(numeric[k], flat.getDouble(at[k]), RTOL * scale, what + ": gradient element " + at[k]);
    }
  }
}
