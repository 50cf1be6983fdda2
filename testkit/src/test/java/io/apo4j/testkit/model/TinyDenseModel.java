package io.apo4j.testkit.model;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** {@code y = tanh(x W^T + b)} with a hand-written backward pass (see {@link TinyDenseImporter}). */
final class TinyDenseModel implements TrainableModel {
  private final String name;
  private final TensorMap initial;
  private final boolean biasBug;

  TinyDenseModel(String name, TensorMap initial, boolean biasBug) {
    this.name = name;
    this.initial = initial;
    this.biasBug = biasBug;
  }

  private record Pass(INDArray x, INDArray y, TensorMap params) implements ForwardPass {
    @Override
    public INDArray output() {
      return y;
    }

    @Override
    public Map<String, INDArray> outputs() {
      return Map.of("y", y);
    }

    @Override
    public TensorMap updatedBuffers() {
      return TensorMap.empty();
    }
  }

  private long in() {
    return initial.get("fc.weight").size(1);
  }

  private long out() {
    return initial.get("fc.weight").size(0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<TensorSpec> inputs() {
    return List.of(new TensorSpec("x", "float32", new long[] {-1, in()}));
  }

  @Override
  public List<TensorSpec> outputs() {
    return List.of(new TensorSpec("y", "float32", new long[] {-1, out()}));
  }

  @Override
  public TensorMap parameters() {
    return initial.deepCopy();
  }

  @Override
  public TensorMap buffers() {
    return TensorMap.empty();
  }

  @Override
  public List<KroneckerLayer> kroneckerLayers() {
    return List.of(new KroneckerLayer("fc", LayerKind.DENSE, "fc.weight", "fc.bias", (int) out(), (int) in(),
        WeightLayout.OUT_IN, null));
  }

  @Override
  public ForwardPass forward(TensorMap params, TensorMap buffers, Map<String, INDArray> inputs, Mode mode, long seed) {
    INDArray w = params.get("fc.weight");
    INDArray x = inputs.get("x").castTo(w.dataType());
    INDArray z = Nd4j.gemm(x, w, false, true).addiRowVector(params.get("fc.bias"));
    return new Pass(x, Transforms.tanh(z, false), params);
  }

  @Override
  public Gradients backward(ForwardPass forward, INDArray outputGradient, Set<BackwardOption> options) {
    Pass pass = (Pass) forward;
    INDArray y = pass.y();
    INDArray gz = outputGradient.castTo(y.dataType()).mul(y.mul(y).rsubi(1));
    INDArray gw = Nd4j.gemm(gz, pass.x(), true, false);
    INDArray gb = biasBug ? gz.getRow(0).dup() : gz.sum(0);
    TensorMap grads = TensorMap.builder().put("fc.weight", gw).put("fc.bias", gb).build();
    Map<String, LayerTap> taps = options.contains(BackwardOption.LAYER_TAPS)
        ? Map.of("fc", new LayerTap(pass.x(), gz)) : Map.of();
    Map<String, INDArray> inputs = options.contains(BackwardOption.INPUT_GRADIENTS)
        ? Map.of("x", Nd4j.gemm(gz, pass.params().get("fc.weight"), false, false)) : Map.of();
    return new Gradients(grads, taps, inputs);
  }

  @Override
  public void export(TensorMap params, TensorMap buffers, Path target) {
    TinyDenseImporter.write(params, target);
  }

  @Override
  public void close() {}
}
