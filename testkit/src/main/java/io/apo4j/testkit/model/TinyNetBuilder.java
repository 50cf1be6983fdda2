package io.apo4j.testkit.model;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.api.model.WeightLayout;
import io.apo4j.testkit.model.TinyNet.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds a {@link TinyNet}: declare the input, then the layers in order. Each layer's weight and
 * bias are drawn when the layer is added, as standard normals times the current {@link #scales}
 * (weight first, then bias), so a given sequence of calls always gives the same values.
 */
public final class TinyNetBuilder {
  private final String name;
  private final DataType type;
  private final List<TinyLayer> layers = new ArrayList<>();
  private final TensorMap.Builder params = TensorMap.builder();
  private long[] inputShape;
  private boolean centred;
  private String outputName = "logits";
  private WeightLayout layout = WeightLayout.OUT_IN;
  private double weightScale = 0.5;
  private double biasScale = 0.1;

  TinyNetBuilder(String name, DataType type, long seed) {
    this.name = name;
    this.type = type;
    Nd4j.getRandom().setSeed(seed);
  }

  /** The input "input": a batch of vectors of this size, or of images channels x side x side. */
  public TinyNetBuilder input(long... shape) {
    if (shape.length != 1 && !(shape.length == 3 && shape[1] == shape[2])) {
      throw new IllegalArgumentException("TinyNet '" + name + "': input shape; expected [features] or"
          + " [channels, side, side], found " + java.util.Arrays.toString(shape));
    }
    this.inputShape = shape.clone();
    return this;
  }

  /** Subtract the batch mean (TRAIN) or a running mean (EVAL) from the input first. */
  public TinyNetBuilder centred() {
    this.centred = true;
    return this;
  }

  /** The name of the output (default "logits"). */
  public TinyNetBuilder output(String outputName) {
    this.outputName = outputName;
    return this;
  }

  /** The storage of the weights of the dense layers added next (default OUT_IN). */
  public TinyNetBuilder layout(WeightLayout layout) {
    if (layout != WeightLayout.OUT_IN && layout != WeightLayout.IN_OUT) {
      throw new IllegalArgumentException("TinyNet '" + name + "': dense layout; expected OUT_IN or IN_OUT, found "
          + layout);
    }
    this.layout = layout;
    return this;
  }

  /** The standard deviations of the weights and biases of the layers added next (default 0.5, 0.1). */
  public TinyNetBuilder scales(double weightScale, double biasScale) {
    this.weightScale = weightScale;
    this.biasScale = biasScale;
    return this;
  }

  /** A dense layer NAME with this many outputs. */
  public TinyNetBuilder dense(String layer, int outputs, Activation activation) {
    long inputs = layers.isEmpty() ? features() : layers.get(layers.size() - 1).outputs();
    TinyLayer.Dense d = new TinyLayer.Dense(layer, inputs, outputs, activation, layout);
    draw(d, layout == WeightLayout.OUT_IN ? new long[] {outputs, inputs} : new long[] {inputs, outputs}, outputs);
    return this;
  }

  /** A 3x3 convolution NAME (stride 1, no padding) with this many filters; only as the first layer. */
  public TinyNetBuilder conv(String layer, int filters, Activation activation) {
    if (!layers.isEmpty() || inputShape == null || inputShape.length != 3) {
      throw new IllegalStateException("TinyNet '" + name + "': conv layer '" + layer
          + "' must be the first layer, after an image input [channels, side, side]");
    }
    int channels = (int) inputShape[0];
    TinyLayer.Conv c = new TinyLayer.Conv(layer, channels, (int) inputShape[1], filters, activation);
    draw(c, new long[] {filters, channels, TinyLayer.Conv.K, TinyLayer.Conv.K}, filters);
    return this;
  }

  public TinyNet build() {
    if (layers.isEmpty()) {
      throw new IllegalStateException("TinyNet '" + name + "': no layers");
    }
    String dtype = type == DataType.DOUBLE ? "float64" : "float32";
    long[] shape = new long[inputShape.length + 1];
    shape[0] = -1;
    System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
    TensorMap buffers = centred ? TensorMap.of(Map.of(TinyNet.RUNNING_MEAN, Nd4j.zeros(type, features())))
        : TensorMap.empty();
    return new TinyNet(name, new TensorSpec("input", dtype, shape), outputName, layers, params.build(), buffers);
  }

  private long features() {
    if (inputShape == null) {
      throw new IllegalStateException("TinyNet '" + name + "': declare the input before the layers");
    }
    if (inputShape.length != 1) {
      throw new IllegalStateException("TinyNet '" + name + "': an image input needs a conv layer first");
    }
    return inputShape[0];
  }

  private void draw(TinyLayer layer, long[] weightShape, long biasSize) {
    INDArray w = Nd4j.randn(type, weightShape).muli(weightScale);
    INDArray b = Nd4j.randn(type, biasSize).muli(biasScale);
    params.put(layer.weight(), w).put(layer.bias(), b);
    layers.add(layer);
  }
}
