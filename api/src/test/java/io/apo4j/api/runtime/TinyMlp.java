package io.apo4j.api.runtime;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.model.WeightLayout;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A hand-written two-layer perceptron, y = W2 relu(W1 xc + b1) + b2, with exact backward pass
 * and taps. With {@code centred}, xc = x - batch mean in TRAIN mode (a batch-statistics op with a
 * running-mean buffer, like BatchNorm) and x - running mean in EVAL mode.
 */
final class TinyMlp implements TrainableModel {
  private final TensorMap params;
  private final TensorMap buffers;
  private final int inputs;
  private final int outputs;
  int forwardCalls;
  int backwardCalls;

  TinyMlp(int inputs, int hidden, int outputs, boolean centred, DataType type, long seed) {
    Nd4j.getRandom().setSeed(seed);
    this.inputs = inputs;
    this.outputs = outputs;
    this.params = TensorMap.builder()
        .put("fc1.weight", Nd4j.randn(type, hidden, inputs).muli(0.5))
        .put("fc1.bias", Nd4j.randn(type, hidden).muli(0.1))
        .put("fc2.weight", Nd4j.randn(type, outputs, hidden).muli(0.5))
        .put("fc2.bias", Nd4j.randn(type, outputs).muli(0.1))
        .build();
    this.buffers = centred ? TensorMap.of(Map.of("centre.running_mean", Nd4j.zeros(type, inputs))) : TensorMap.empty();
  }

  @Override
  public String name() {
    return "tiny-mlp";
  }

  @Override
  public List<TensorSpec> inputs() {
    return List.of(new TensorSpec("input", "float32", new long[] {-1, inputs}));
  }

  @Override
  public List<TensorSpec> outputs() {
    return List.of(new TensorSpec("logits", "float32", new long[] {-1, outputs}));
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
    int hidden = (int) params.get("fc1.bias").length();
    return List.of(
        new KroneckerLayer("fc1", LayerKind.DENSE, "fc1.weight", "fc1.bias", hidden, inputs, WeightLayout.OUT_IN, null),
        new KroneckerLayer("fc2", LayerKind.DENSE, "fc2.weight", "fc2.bias", outputs, hidden, WeightLayout.OUT_IN, null));
  }

  @Override
  public ForwardPass forward(TensorMap p, TensorMap b, Map<String, INDArray> in, Mode mode, long seed) {
    forwardCalls++;
    INDArray x = in.get("input");
    TensorMap updated = b;
    if (!b.isEmpty()) {
      INDArray running = b.get("centre.running_mean");
      INDArray centre = mode == Mode.TRAIN ? x.mean(0) : running;
      x = x.subRowVector(centre);
      if (mode == Mode.TRAIN) {
        updated = TensorMap.of(Map.of("centre.running_mean", running.mul(0.9).addi(centre.mul(0.1))));
      }
    }
    INDArray pre1 = Nd4j.gemm(x, p.get("fc1.weight"), false, true).addiRowVector(p.get("fc1.bias"));
    INDArray h = pre1.dup();
    h.muli(pre1.gt(0).castTo(h.dataType()));
    INDArray y = Nd4j.gemm(h, p.get("fc2.weight"), false, true).addiRowVector(p.get("fc2.bias"));
    return new Pass(p, x, pre1, h, y, updated);
  }

  @Override
  public Gradients backward(ForwardPass forward, INDArray dy, Set<BackwardOption> options) {
    backwardCalls++;
    Pass f = (Pass) forward;
    INDArray dh = Nd4j.gemm(dy, f.params.get("fc2.weight"), false, false);
    INDArray dpre1 = dh.mul(f.pre1.gt(0).castTo(dh.dataType()));
    TensorMap grads = TensorMap.builder()
        .put("fc1.weight", Nd4j.gemm(dpre1, f.x, true, false))
        .put("fc1.bias", dpre1.sum(0))
        .put("fc2.weight", Nd4j.gemm(dy, f.h, true, false))
        .put("fc2.bias", dy.sum(0))
        .build();
    Map<String, LayerTap> taps = new HashMap<>();
    if (options.contains(BackwardOption.LAYER_TAPS)) {
      taps.put("fc1", new LayerTap(f.x, dpre1));
      taps.put("fc2", new LayerTap(f.h, dy.dup()));
    }
    return new Gradients(grads, taps, Map.of());
  }

  @Override
  public void export(TensorMap p, TensorMap b, Path target) {
    throw new UnsupportedOperationException("tiny test model has no file format");
  }

  @Override
  public void close() {}

  private record Pass(TensorMap params, INDArray x, INDArray pre1, INDArray h, INDArray y, TensorMap buffers)
      implements ForwardPass {
    @Override
    public INDArray output() {
      return y;
    }

    @Override
    public Map<String, INDArray> outputs() {
      return Map.of("logits", y);
    }

    @Override
    public TensorMap updatedBuffers() {
      return buffers;
    }
  }
}
