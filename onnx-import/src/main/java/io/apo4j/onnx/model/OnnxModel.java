package io.apo4j.onnx.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.apo4j.api.Apo4jException;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.onnx.exec.Backprop;
import io.apo4j.onnx.exec.Executor;
import io.apo4j.onnx.exec.Trace;
import io.apo4j.onnx.export.OnnxExporter;
import io.apo4j.onnx.graph.Graph;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An imported ONNX graph as a {@link TrainableModel}. Holds no training state: parameters and
 * buffers come with every call, and a TRAIN pass returns new buffers instead of writing them.
 * Several backward passes may run over one forward pass.
 */
public final class OnnxModel implements TrainableModel {
  private final String name;
  private final Graph graph;
  private final List<KroneckerLayer> layers;
  private final Map<String, LayerWiring> wiring;
  private final Path file;
  private final ModelProto proto;
  private boolean closed;

  OnnxModel(String name, Path file, ModelProto proto, Graph graph, List<LayerWiring> layers) {
    this.name = name;
    this.file = file;
    this.proto = proto;
    this.graph = graph;
    this.layers = layers.stream().map(LayerWiring::layer).toList();
    this.wiring = new LinkedHashMap<>();
    layers.forEach(w -> wiring.put(w.layer().name(), w));
  }

  /** The file this model was imported from. */
  public Path file() {
    return file;
  }

  /** The parsed file as imported (export writes new initializer values into a copy of it). */
  public ModelProto proto() {
    return proto;
  }

  /** How each Kronecker layer is wired into the graph. */
  public List<LayerWiring> layerWiring() {
    return List.copyOf(wiring.values());
  }

  /** The imported graph (nodes, ops, constants), for tools inside this module. */
  public Graph graph() {
    return graph;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<TensorSpec> inputs() {
    return graph.inputs();
  }

  @Override
  public List<TensorSpec> outputs() {
    return graph.outputs();
  }

  @Override
  public TensorMap parameters() {
    open();
    return TensorMap.of(graph.parameters()).deepCopy();
  }

  @Override
  public TensorMap buffers() {
    open();
    return TensorMap.of(graph.buffers()).deepCopy();
  }

  @Override
  public List<KroneckerLayer> kroneckerLayers() {
    return layers;
  }

  @Override
  public ForwardPass forward(TensorMap params, TensorMap buffers, Map<String, INDArray> inputs, Mode mode, long seed) {
    open();
    Trace trace = Executor.forward(graph, params.asMap(), buffers.asMap(), inputs, mode, seed);
    TensorMap.Builder updated = TensorMap.builder();
    graph.buffers().keySet().forEach(b -> updated.put(b, trace.updatedBuffers().get(b)));
    return new OnnxForwardPass(this, trace, graph.outputs().stream().map(TensorSpec::name).toList(), updated.build());
  }

  @Override
  public Gradients backward(ForwardPass pass, INDArray outputGradient, Set<BackwardOption> options) {
    open();
    if (!(pass instanceof OnnxForwardPass p) || p.model() != this) {
      throw new Apo4jException(name + ": backward needs a forward pass of this model; found " + pass);
    }
    if (p.released()) {
      throw new Apo4jException(name + ": backward over a released forward pass; expected a pass whose"
          + " release() has not been called");
    }
    INDArray out = p.output();
    if (!java.util.Arrays.equals(out.shape(), outputGradient.shape())) {
      throw new Apo4jException(name + ": output gradient has shape " + java.util.Arrays.toString(outputGradient.shape())
          + "; expected the output's shape " + java.util.Arrays.toString(out.shape()));
    }
    boolean taps = options.contains(BackwardOption.LAYER_TAPS);
    boolean inputs = options.contains(BackwardOption.INPUT_GRADIENTS);
    Set<String> watch = new HashSet<>();
    if (taps) {
      wiring.values().forEach(w -> watch.add(w.outputValue()));
    }
    Map<String, INDArray> seeds = new HashMap<>();
    seeds.put(graph.outputs().get(0).name(), outputGradient.castTo(out.dataType()));
    Map<String, INDArray> grads = Backprop.run(graph, p.trace(), seeds, inputs, watch);
    TensorMap.Builder params = TensorMap.builder();
    for (var e : graph.parameters().entrySet()) {
      INDArray g = grads.get(e.getKey());
      INDArray value = p.trace().values().get(e.getKey());
      params.put(e.getKey(), g != null ? g : value.ulike().assign(0));
    }
    Map<String, LayerTap> tapMap = new LinkedHashMap<>();
    if (taps) {
      wiring.forEach((layer, w) -> tapMap.put(layer, w.tap(p.trace(), grads)));
    }
    Map<String, INDArray> inputGrads = new LinkedHashMap<>();
    if (inputs) {
      graph.inputs().stream().filter(s -> grads.containsKey(s.name()))
          .forEach(s -> inputGrads.put(s.name(), grads.get(s.name())));
    }
    return new Gradients(params.build(), tapMap, inputGrads);
  }

  @Override
  public void export(TensorMap params, TensorMap buffers, Path target) {
    open();
    new OnnxExporter(proto, file).write(params, buffers, target);
  }

  @Override
  public void close() {
    closed = true;
  }

  private void open() {
    if (closed) {
      throw new Apo4jException("model '" + name + "' is closed");
    }
  }
}
