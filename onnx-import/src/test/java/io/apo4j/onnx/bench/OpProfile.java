package io.apo4j.onnx.bench;

import io.apo4j.api.model.Mode;
import io.apo4j.onnx.OnnxImportOptions;
import io.apo4j.onnx.OnnxImporter;
import io.apo4j.onnx.graph.Graph;
import io.apo4j.onnx.graph.Node;
import io.apo4j.onnx.model.OnnxModel;
import io.apo4j.onnx.ops.OpContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Benchmark helper (not a test): per-node forward and backward time of a model at one batch size. */
public final class OpProfile {
  private OpProfile() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int batch = Integer.parseInt(args[1]);
    try (OnnxModel model = OnnxImporter.importModel(file, OnnxImportOptions.DEFAULTS)) {
      Graph g = model.graph();
      long[] shape = g.inputs().get(0).shape().clone();
      shape[0] = batch;
      double[] fwd = new double[g.nodes().size()];
      double[] bwd = new double[g.nodes().size()];
      int reps = 200;
      for (int rep = -200; rep < reps; rep++) {
        Map<String, INDArray> values = new HashMap<>(g.constants());
        values.putAll(g.parameters());
        values.put(g.inputs().get(0).name(), Nd4j.rand(DataType.FLOAT, shape));
        OpContext[] ctx = new OpContext[fwd.length];
        INDArray[][] ins = new INDArray[fwd.length][];
        INDArray[][] outs = new INDArray[fwd.length][];
        for (int k = 0; k < fwd.length; k++) {
          Node n = g.nodes().get(k);
          ctx[k] = new OpContext(n, Mode.TRAIN, 0, DataType.FLOAT);
          ins[k] = n.inputs().stream().map(i -> i.isEmpty() ? null : values.get(i)).toArray(INDArray[]::new);
          long t0 = System.nanoTime();
          outs[k] = g.ops().get(k).forward(ctx[k], ins[k]);
          fwd[k] += rep >= 0 ? (System.nanoTime() - t0) / 1e6 : 0;
          values.put(n.outputs().get(0), outs[k][0]);
        }
        for (int k = fwd.length - 1; k >= 0; k--) {
          INDArray[] gOut = {outs[k][0].ulike().assign(0.01)};
          boolean[] needs = new boolean[ins[k].length];
          for (int i = 0; i < needs.length; i++) {
            needs[i] = g.parameterDependent().contains(g.nodes().get(k).inputs().get(i));
          }
          ctx[k].setNeedsGradient(needs);
          long t0 = System.nanoTime();
          g.ops().get(k).backward(ctx[k], ins[k], outs[k], gOut);
          bwd[k] += rep >= 0 ? (System.nanoTime() - t0) / 1e6 : 0;
        }
      }
      for (int k = 0; k < fwd.length; k++) {
        System.out.printf("%-24s fwd %7.3f ms  bwd %7.3f ms%n", g.nodes().get(k).name(), fwd[k] / reps, bwd[k] / reps);
      }
    }
  }
}
