package io.apo4j.testkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.WeightLayout;
import io.apo4j.testkit.model.TinyNet.Activation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TinyNet's backward pass against float64 finite differences of its forward pass, for each kind of
 * network the tests build with it, and its taps against the Kronecker layers it declares.
 */
class TinyNetGradientTest {
  enum Shape {
    RELU_MLP, CENTRED_TANH_MLP_IN_OUT, CONV, LINEAR;

    TinyNet build() {
      return switch (this) {
        case RELU_MLP -> TinyNet.builder("relu", DataType.DOUBLE, 1).input(6).dense("fc1", 5, Activation.RELU)
            .dense("fc2", 3, Activation.NONE).build();
        case CENTRED_TANH_MLP_IN_OUT -> TinyNet.builder("tanh", DataType.DOUBLE, 2).input(4).centred()
            .dense("fc1", 5, Activation.TANH).layout(WeightLayout.IN_OUT).dense("fc2", 3, Activation.NONE).build();
        case CONV -> TinyNet.builder("conv", DataType.DOUBLE, 3).input(2, 5, 5).conv("conv", 2, Activation.TANH)
            .dense("fc", 3, Activation.NONE).build();
        case LINEAR -> TinyNet.builder("linear", DataType.DOUBLE, 4).input(3).output("y")
            .dense("linear", 2, Activation.NONE).build();
      };
    }

    long[] input(int n) {
      return this == CONV ? new long[] {n, 2, 5, 5} : new long[] {n, this == RELU_MLP ? 6 : this == LINEAR ? 3 : 4};
    }
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void gradientsMatchFiniteDifferencesAndTapsMatchTheLayers(Shape shape) {
    TinyNet net = shape.build();
    Nd4j.getRandom().setSeed(5);
    Map<String, INDArray> inputs = Map.of("input", Nd4j.randn(DataType.DOUBLE, shape.input(7)));
    TensorMap params = net.parameters();
    GradientCheck check = new GradientCheck(net, params, net.buffers(), inputs, Mode.TRAIN);
    Gradients g = check.backward(Set.of(BackwardOption.LAYER_TAPS));
    assertEquals(params.names(), g.parameters().names());
    for (String name : params.names()) {
      check.assertParameterGradient(name, g.parameters().get(name), 12);
    }
    List<KroneckerLayer> layers = net.kroneckerLayers();
    assertEquals(layers.size(), g.taps().size());
    for (KroneckerLayer layer : layers) {
      LayerTap tap = g.taps().get(layer.name());
      assertEquals(7, tap.outputGradient().size(0), layer.name());
      assertEquals(layer.outputs(), tap.outputGradient().size(1), layer.name());
    }
    assertArrayEquals(new long[] {-1, layers.get(layers.size() - 1).outputs()}, net.outputs().get(0).shape());
  }
}
