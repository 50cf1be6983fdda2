package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss over N x C x d1.. inputs with integer
 * targets N x d1.., optional per-class weights, ignore_index, and reduction none, sum or mean
 * (mean divides by the summed weights of the counted targets). SoftmaxCrossEntropyLoss takes
 * log-softmax over C first and can return it as a second output. Gradients reach the scores (or
 * log-probabilities) and the weights.
 */
final class LossOps implements Op {
  static final List<String> NAMES = List.of("NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss");
  private static final List<String> REDUCTIONS = List.of("none", "sum", "mean");

  private final boolean softmax;
  private final String reduction;
  private final Long ignoreIndex;

  LossOps(Node node) {
    var a = node.attributes();
    softmax = node.opType().equals("SoftmaxCrossEntropyLoss");
    reduction = a.getString("reduction", "mean");
    if (!REDUCTIONS.contains(reduction)) {
      throw a.unsupported("reduction", REDUCTIONS.toString());
    }
    ignoreIndex = a.has("ignore_index") ? a.getInt("ignore_index", 0) : null;
  }

  /** The layout: n samples, c classes, inner positions per sample; log-probabilities; picked class per target. */
  private record Saved(int n, int c, int inner, double[] logp, int[] cls, double[] w, double total) {}

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] s = in[0].shape();
    if (s.length < 2) {
      throw ctx.error("input shape " + Arrays.toString(s) + "; expected N x C x d1..");
    }
    int n = (int) s[0];
    int c = (int) s[1];
    int inner = (int) (in[0].length() / Math.max(1, (long) n * c));
    double[] logp = Tensors.values(in[0]);
    if (softmax) {
      logp = logSoftmax(logp, n, c, inner);
    }
    long[] target = Tensors.longs(in[1]);
    double[] weight = in.length > 2 && in[2] != null ? Tensors.values(in[2]) : null;
    int[] cls = new int[target.length];
    double[] w = new double[target.length];
    double[] loss = new double[target.length];
    double total = 0;
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < inner; i++) {
        int t = e * inner + i;
        long k = target[t];
        if (ignoreIndex != null && k == ignoreIndex) {
          cls[t] = -1;
          continue;
        }
        if (k < 0 || k >= c) {
          throw ctx.error("target " + k + " is out of range; expected a class in [0, " + c + ") or ignore_index");
        }
        cls[t] = (int) k;
        w[t] = weight == null ? 1 : weight[(int) k];
        loss[t] = -logp[(e * c + (int) k) * inner + i] * w[t];
        total += w[t];
      }
    }
    ctx.save(new Saved(n, c, inner, logp, cls, w, total));
    INDArray[] out = new INDArray[softmax ? 2 : 1];
    long[] targetShape = in[1].shape();
    if (reduction.equals("none")) {
      out[0] = Tensors.create(loss, targetShape, in[0].dataType());
    } else {
      double sum = Arrays.stream(loss).sum();
      out[0] = Tensors.create(new double[] {reduction.equals("mean") ? sum / total : sum}, new long[0],
          in[0].dataType());
    }
    if (softmax) {
      out[1] = Tensors.create(logp, s, in[0].dataType());
    }
    return out;
  }

  private static double[] logSoftmax(double[] x, int n, int c, int inner) {
    double[] y = new double[x.length];
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < inner; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
          max = Math.max(max, x[(e * c + k) * inner + i]);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
          sum += Math.exp(x[(e * c + k) * inner + i] - max);
        }
        double log = max + Math.log(sum);
        for (int k = 0; k < c; k++) {
          y[(e * c + k) * inner + i] = x[(e * c + k) * inner + i] - log;
        }
      }
    }
    return y;
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Saved sv = ctx.saved(Saved.class);
    int c = sv.c();
    int inner = sv.inner();
    double[] g = gOut[0] == null ? new double[sv.cls().length] : Tensors.values(gOut[0]);
    boolean none = reduction.equals("none");
    double scale = reduction.equals("mean") ? 1 / sv.total() : 1;
    double mean = reduction.equals("mean") ? -dot(sv) / sv.total() : 0; // the reduced loss, for dL/dw
    double[] gLogp = softmax && gOut.length > 1 && gOut[1] != null ? Tensors.values(gOut[1]).clone()
        : new double[sv.logp().length];
    double[] gWeight = in.length > 2 && in[2] != null ? new double[c] : null;
    for (int e = 0; e < sv.n(); e++) {
      for (int i = 0; i < inner; i++) {
        int t = e * inner + i;
        int k = sv.cls()[t];
        if (k < 0) {
          continue;
        }
        double gt = none ? g[t] : g[0] * scale;
        int at = (e * c + k) * inner + i;
        gLogp[at] -= sv.w()[t] * gt;
        if (gWeight != null) {
          // loss_t = -logp w_k; mean also divides by the summed weights
          gWeight[k] += -sv.logp()[at] * gt - (none ? 0 : g[0] * scale * mean);
        }
      }
    }
    INDArray[] grads = new INDArray[in.length];
    double[] gx = softmax ? logSoftmaxBackward(gLogp, sv) : gLogp;
    grads[0] = Tensors.create(gx, in[0].shape(), in[0].dataType());
    if (gWeight != null && Tensors.isFloat(in[2])) {
      grads[2] = Tensors.create(gWeight, in[2].shape(), in[2].dataType());
    }
    return grads;
  }

  /** The summed weighted log-probabilities of the counted targets. */
  private static double dot(Saved sv) {
    double sum = 0;
    for (int e = 0; e < sv.n(); e++) {
      for (int i = 0; i < sv.inner(); i++) {
        int t = e * sv.inner() + i;
        if (sv.cls()[t] >= 0) {
          sum += sv.logp()[(e * sv.c() + sv.cls()[t]) * sv.inner() + i] * sv.w()[t];
        }
      }
    }
    return sum;
  }

  /** VJP of log-softmax over C: g - softmax * (sum of g over C). */
  private static double[] logSoftmaxBackward(double[] g, Saved sv) {
    int c = sv.c();
    int inner = sv.inner();
    double[] gx = new double[g.length];
    for (int e = 0; e < sv.n(); e++) {
      for (int i = 0; i < inner; i++) {
        double sum = 0;
        for (int k = 0; k < c; k++) {
          sum += g[(e * c + k) * inner + i];
        }
        for (int k = 0; k < c; k++) {
          int at = (e * c + k) * inner + i;
          gx[at] = g[at] - Math.exp(sv.logp()[at]) * sum;
        }
      }
    }
    return gx;
  }
}
