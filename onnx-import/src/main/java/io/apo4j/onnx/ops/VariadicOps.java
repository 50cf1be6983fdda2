package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Sum, Mean, Max and Min over any number of broadcast inputs. Max/Min send the gradient to the first extremal input. */
final class VariadicOps implements Op {
  static final List<String> NAMES = List.of("Sum", "Mean", "Max", "Min");
  private final String op;

  VariadicOps(Node node) {
    this.op = node.opType();
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    for (INDArray a : in) {
      shape = Tensors.broadcastShape(shape, a.shape());
    }
    double[] acc = Tensors.values(Tensors.expand(in[0], shape)).clone();
    for (int k = 1; k < in.length; k++) {
      double[] v = Tensors.values(Tensors.expand(in[k], shape));
      for (int i = 0; i < acc.length; i++) {
        acc[i] = switch (op) {
          case "Max" -> Math.max(acc[i], v[i]);
          case "Min" -> Math.min(acc[i], v[i]);
          default -> acc[i] + v[i];
        };
      }
    }
    if (op.equals("Mean")) {
      for (int i = 0; i < acc.length; i++) {
        acc[i] /= in.length;
      }
    }
    return new INDArray[] {Tensors.create(acc, shape, in[0].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] grads = new INDArray[in.length];
    long[] shape = gOut[0].shape();
    double[] g = Tensors.values(gOut[0]);
    double[] y = Tensors.values(out[0]);
    boolean[] taken = new boolean[g.length];
    for (int k = 0; k < in.length; k++) {
      double[] gk = new double[g.length];
      double[] v = op.equals("Max") || op.equals("Min") ? Tensors.values(Tensors.expand(in[k], shape)) : null;
      for (int i = 0; i < g.length; i++) {
        if (v == null) {
          gk[i] = op.equals("Mean") ? g[i] / in.length : g[i];
        } else if (!taken[i] && v[i] == y[i]) {
          gk[i] = g[i];
          taken[i] = true;
        }
      }
      if (ctx.needsGradient(k) && Tensors.isFloat(in[k])) {
        grads[k] = Tensors.reduceTo(Tensors.create(gk, shape, gOut[0].dataType()), in[k].shape());
      }
    }
    return grads;
  }
}
