package io.apo4j.host.testutil;

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
 * A hand-written float32 perceptron y = W2 relu(W1 x + b1) + b2 with exact gradients, for host
 * tests of the training loop that must not wait for a model importer. It has no file format
 * ({@link #export} refuses), so runs using it set {@code export-onnx: false}.
 */
public final class DenseReluNet implements TrainableModel {
  private final int inputs;
  private final int outputs;
  private final TensorMap params;

  public DenseReluNet(int inputs, int hidden, int outputs, long seed) {
    this.inputs = inputs;
    this.outputs = outputs;
    Nd4j.getRandom().setSeed(seed);
    this.params = TensorMap.builder()
        .put("fc1.weight", Nd4j.rand(DataType.FLOAT, hidden, inputs).subi(0.5).muli(2 / Math.sqrt(inputs)))
        .put("fc1.bias", Nd4j.zeros(DataType.FLOAT, hidden))
        .put("fc2.weight", Nd4j.rand(DataType.FLOAT, outputs, hidden).subi(0.5).muli(2 / Math.sqrt(hidden)))
        .put("fc2.bias", Nd4j.zeros(DataType.FLOAT, outputs))
        .build();
  }

  @Override
  public String name() {
    return "dense-relu";
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
    return TensorMap.empty();
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
    INDArray x = in.get("input");
    INDArray pre = Nd4j.gemm(x, p.get("fc1.weight"), false, true).addiRowVector(p.get("fc1.bias"));
    INDArray h = pre.mul(pre.gt(0).castTo(pre.dataType()));
    INDArray y = Nd4j.gemm(h, p.get("fc2.weight"), false, true).addiRowVector(p.get("fc2.bias"));
    return new Pass(p, x, pre, h, y);
  }

  @Override
  public Gradients backward(ForwardPass forward, INDArray dy, Set<BackwardOption> options) {
    Pass f = (Pass) forward;
    INDArray dpre = Nd4j.gemm(dy, f.params.get("fc2.weight"), false, false).muli(f.pre.gt(0).castTo(dy.dataType()));
    TensorMap grads = TensorMap.builder()
        .put("fc1.weight", Nd4j.gemm(dpre, f.x, true, false)).put("fc1.bias", dpre.sum(0))
        .put("fc2.weight", Nd4j.gemm(dy, f.h, true, false)).put("fc2.bias", dy.sum(0)).build();
    Map<String, LayerTap> taps = new HashMap<>();
    if (options.contains(BackwardOption.LAYER_TAPS)) {
      taps.put("fc1", new LayerTap(f.x, dpre));
      taps.put("fc2", new LayerTap(f.h, dy));
    }
    return new Gradients(grads, taps, Map.of());
  }

  @Override
  public void export(TensorMap p, TensorMap b, Path target) {
    throw new UnsupportedOperationException("the hand-written test network has no file format");
  }

  @Override
  public void close() {}

  private record Pass(TensorMap params, INDArray x, INDArray pre, INDArray h, INDArray y) implements ForwardPass {
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
      return TensorMap.empty();
    }
  }
}
