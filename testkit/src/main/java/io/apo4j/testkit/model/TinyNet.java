package io.apo4j.testkit.model;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.api.model.TrainableModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small hand-written network with an exact backward pass and Kronecker taps, for tests that need
 * a real {@link TrainableModel} without a model importer: a chain of dense and 3x3 convolution
 * layers ({@link TinyLayer}), optionally after an input-centring op with a running-mean buffer (a
 * batch-statistics op like BatchNorm: x - batch mean in TRAIN mode, x - running mean in EVAL mode,
 * running mean = 0.9 running + 0.1 batch mean). Build one with {@link #builder}. It has no file
 * format: {@link #export} refuses.
 */
public final class TinyNet implements TrainableModel {
  /** The activation after a layer's affine map. */
  public enum Activation { NONE, RELU, TANH }

  static final String RUNNING_MEAN = "centre.running_mean";
  private final String name;
  private final TensorSpec input;
  private final String outputName;
  private final List<TinyLayer> layers;
  private final TensorMap params;
  private final TensorMap buffers;
  private int forwardCalls;
  private int backwardCalls;

  TinyNet(String name, TensorSpec input, String outputName, List<TinyLayer> layers, TensorMap params,
      TensorMap buffers) {
    this.name = name;
    this.input = input;
    this.outputName = outputName;
    this.layers = List.copyOf(layers);
    this.params = params;
    this.buffers = buffers;
  }

  /**
   * A builder for a network called {@code name} whose parameters are drawn in {@code type} from
   * ND4J's generator seeded with {@code seed}, layer by layer (weight, then bias).
   */
  public static TinyNetBuilder builder(String name, DataType type, long seed) {
    return new TinyNetBuilder(name, type, seed);
  }

  /** How many forward passes this model has run (tests of callers that must not run extra ones). */
  public int forwardCalls() {
    return forwardCalls;
  }

  /** How many backward passes this model has run. */
  public int backwardCalls() {
    return backwardCalls;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<TensorSpec> inputs() {
    return List.of(input);
  }

  @Override
  public List<TensorSpec> outputs() {
    long outputs = layers.get(layers.size() - 1).outputs();
    return List.of(new TensorSpec(outputName, input.elementType(), new long[] {-1, outputs}));
  }

  @Override
  public TensorMap parameters() {
    return params.deepCopy();
  }

  @Override
  public TensorMap buffers() {
    return buffers.deepCopy();
  }

  @Override
  public List<KroneckerLayer> kroneckerLayers() {
    return layers.stream().map(TinyLayer::kronecker).toList();
  }

  @Override
  public ForwardPass forward(TensorMap p, TensorMap b, Map<String, INDArray> in, Mode mode, long seed) {
    forwardCalls++;
    INDArray x = in.get(input.name());
    TensorMap updated = b;
    if (!b.isEmpty()) {
      INDArray running = b.get(RUNNING_MEAN);
      INDArray centre = mode == Mode.TRAIN ? x.mean(0) : running;
      x = x.subRowVector(centre);
      if (mode == Mode.TRAIN) {
        updated = TensorMap.of(Map.of(RUNNING_MEAN, running.mul(0.9).addi(centre.mul(0.1))));
      }
    }
    List<TinyLayer.Activations> kept = new ArrayList<>();
    INDArray h = x;
    for (TinyLayer layer : layers) {
      TinyLayer.Activations a = layer.forward(p, h);
      kept.add(a);
      h = a.output();
    }
    return new Pass(p, kept, outputName, h, updated);
  }

  @Override
  public Gradients backward(ForwardPass forward, INDArray dy, Set<BackwardOption> options) {
    backwardCalls++;
    Pass f = (Pass) forward;
    TensorMap.Builder grads = TensorMap.builder();
    Map<String, LayerTap> taps = new HashMap<>();
    INDArray d = dy;
    for (int i = layers.size() - 1; i >= 0; i--) {
      d = layers.get(i).backward(f.params, f.activations.get(i), d, grads, options.contains(BackwardOption.LAYER_TAPS)
          ? taps : null, i > 0);
    }
    return new Gradients(grads.build(), taps, Map.of());
  }

  @Override
  public void export(TensorMap p, TensorMap b, Path target) {
    throw new UnsupportedOperationException("test network '" + name + "' has no file format");
  }

  @Override
  public void close() {}

  private record Pass(TensorMap params, List<TinyLayer.Activations> activations, String outputName, INDArray y,
      TensorMap buffers)
      implements ForwardPass {
    @Override
    public INDArray output() {
      return y;
    }

    @Override
    public Map<String, INDArray> outputs() {
      return Map.of(outputName, y);
    }

    @Override
    public TensorMap updatedBuffers() {
      return buffers;
    }
  }
}
