package io.apo4j.onnx.model;

import io.apo4j.api.model.ConvGeometry;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.WeightLayout;
import io.apo4j.onnx.graph.Graph;
import io.apo4j.onnx.graph.Node;
import io.apo4j.onnx.ops.ConvOp;
import io.apo4j.onnx.ops.GemmOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finds the layers KFAC and APO-P can precondition: Gemm or MatMul whose weight is a parameter
 * (directly, or through a Transpose as PyTorch exports Linear on 3-D inputs), with an optional
 * bias from Gemm's C or one following Add; and 2-D Conv with a parameter weight and one group.
 */
final class LayerDetector {
  private final Graph graph;
  private final Map<String, Node> producers;
  private final Map<String, List<Node>> consumers;
  private final Set<String> usedWeights = new HashSet<>();

  LayerDetector(Graph graph) {
    this.graph = graph;
    this.producers = graph.producers();
    this.consumers = graph.consumers();
  }

  List<LayerWiring> detect() {
    List<LayerWiring> layers = new ArrayList<>();
    for (int k = 0; k < graph.nodes().size(); k++) {
      Node n = graph.nodes().get(k);
      LayerWiring w = switch (n.opType()) {
        case "Gemm" -> gemm(n, (GemmOp) graph.ops().get(k));
        case "MatMul" -> matMul(n);
        case "Conv" -> conv(n, (ConvOp) graph.ops().get(k));
        default -> null;
      };
      if (w != null && usedWeights.add(w.layer().weight())) {
        layers.add(w);
      }
    }
    return layers;
  }

  private boolean isParam(String value, int rank) {
    INDArray p = graph.parameters().get(value);
    return p != null && p.rank() == rank;
  }

  private LayerWiring gemm(Node n, GemmOp op) {
    if (op.transA() || !op.unitScales() || !isParam(n.inputs().get(1), 2)) {
      return null;
    }
    INDArray w = graph.parameters().get(n.inputs().get(1));
    int out = (int) (op.transB() ? w.size(0) : w.size(1));
    int in = (int) (op.transB() ? w.size(1) : w.size(0));
    String bias = n.hasInput(2) && isBias(n.inputs().get(2), out) ? n.inputs().get(2) : null;
    if (n.hasInput(2) && bias == null) {
      return null; // a C that is not a trainable bias vector does not fit the m x (n+1) view
    }
    return new LayerWiring(new KroneckerLayer(n.name(), LayerKind.DENSE, n.inputs().get(1), bias, out, in,
        op.transB() ? WeightLayout.OUT_IN : WeightLayout.IN_OUT, null), n.inputs().get(0), n.outputs().get(0));
  }

  private LayerWiring matMul(Node n) {
    String b = n.inputs().get(1);
    String weight;
    WeightLayout layout;
    int out;
    int in;
    if (isParam(b, 2)) {
      weight = b;
      layout = WeightLayout.IN_OUT;
      in = (int) graph.parameters().get(b).size(0);
      out = (int) graph.parameters().get(b).size(1);
    } else if (producers.containsKey(b) && producers.get(b).opType().equals("Transpose")
        && isParam(producers.get(b).inputs().get(0), 2) && consumers.getOrDefault(b, List.of()).size() == 1) {
      weight = producers.get(b).inputs().get(0);
      layout = WeightLayout.OUT_IN;
      out = (int) graph.parameters().get(weight).size(0);
      in = (int) graph.parameters().get(weight).size(1);
    } else {
      return null;
    }
    String output = n.outputs().get(0);
    String bias = null;
    List<Node> readers = consumers.getOrDefault(output, List.of());
    if (readers.size() == 1 && readers.get(0).opType().equals("Add")) {
      Node add = readers.get(0);
      String other = add.inputs().get(0).equals(output) ? add.inputs().get(1) : add.inputs().get(0);
      if (isBias(other, out)) {
        bias = other;
        output = add.outputs().get(0);
      }
    }
    return new LayerWiring(new KroneckerLayer(n.name(), LayerKind.DENSE, weight, bias, out, in, layout, null),
        n.inputs().get(0), output);
  }

  private boolean isBias(String value, int outputs) {
    INDArray p = graph.parameters().get(value);
    return p != null && p.rank() == 1 && p.length() == outputs;
  }

  private LayerWiring conv(Node n, ConvOp op) {
    if (op.group() != 1 || !isParam(n.inputs().get(1), 4) || !op.explicitPads()) {
      return null;
    }
    INDArray w = graph.parameters().get(n.inputs().get(1));
    int out = (int) w.size(0);
    String bias = n.hasInput(2) && isBias(n.inputs().get(2), out) ? n.inputs().get(2) : null;
    if (n.hasInput(2) && bias == null) {
      return null;
    }
    int[] kernel = {(int) w.size(2), (int) w.size(3)};
    ConvGeometry geo = new ConvGeometry(kernel, op.strides(2), op.pads(2), op.dilations(2));
    return new LayerWiring(new KroneckerLayer(n.name(), LayerKind.CONV, n.inputs().get(1), bias, out,
        (int) (w.size(1) * w.size(2) * w.size(3)), WeightLayout.CONV_OIHW, geo), n.inputs().get(0), n.outputs().get(0));
  }
}
