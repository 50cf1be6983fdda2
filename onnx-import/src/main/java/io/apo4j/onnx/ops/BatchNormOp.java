package io.apo4j.onnx.ops;

import io.apo4j.api.model.Mode;
import io.apo4j.onnx.graph.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * BatchNormalization over N x C x ... inputs. EVAL uses the running statistics; TRAIN uses the
 * batch mean and biased variance and reports new running statistics as PyTorch computes them
 * ({@code momentum * running + (1 - momentum) * batch}, the variance unbiased), both as the node's
 * optional outputs and as buffer updates; nothing is written in place. A node declaring
 * {@code training_mode=1} (opset 14+) uses batch statistics in every mode; outside TRAIN its
 * running-statistics outputs follow ONNX's definition (biased batch variance) and no buffer is
 * updated, so running such a graph for inference does not change the model.
 */
final class BatchNormOp implements Op {
  private final double epsilon;
  private final double momentum;
  private final boolean trainingMode;

  BatchNormOp(Node node) {
    epsilon = node.attributes().getFloat("epsilon", 1e-5f);
    momentum = node.attributes().getFloat("momentum", 0.9f);
    trainingMode = node.attributes().getInt("training_mode", 0) != 0;
    if (node.attributes().getInt("spatial", 1) != 1) {
      throw node.attributes().unsupported("spatial", "1 (per-channel statistics)");
    }
  }

  @Override
  public boolean foldable() {
    return false;
  }

  /**
   * What backward needs: the normalised input (null on the float32 path, which recomputes it),
   * the mean and 1/std per channel, whether batch statistics were used.
   */
  private record Saved(double[] xhat, double[] mean, double[] invStd, boolean batchStats) {}

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    INDArray x = in[0];
    long[] s = x.shape();
    int n = (int) s[0];
    int c = s.length > 1 ? (int) s[1] : 1;
    int inner = (int) (x.length() / Math.max(1, (long) n * c));
    boolean fast = BatchNormFloat.applies(x);
    double[] xv = fast ? null : Tensors.values(x);
    double[] gamma = Tensors.values(in[1]);
    double[] beta = Tensors.values(in[2]);
    boolean train = ctx.mode() == Mode.TRAIN;
    boolean batchStats = train || trainingMode;
    double[] mean = batchStats ? new double[c] : Tensors.values(in[3]);
    double[] var = batchStats ? new double[c] : Tensors.values(in[4]);
    int count = n * inner;
    if (batchStats && fast) {
      BatchNormFloat.moments(x, n, c, inner, mean, var);
    } else if (batchStats) {
      Stats.channelMoments(xv, n, c, inner, mean, var);
    }
    double[] invStd = new double[c];
    for (int ch = 0; ch < c; ch++) {
      invStd[ch] = 1 / Math.sqrt(var[ch] + epsilon);
    }
    INDArray[] out = new INDArray[5];
    if (fast) {
      out[0] = BatchNormFloat.normalise(x, n, c, inner, mean, invStd, gamma, beta);
      ctx.save(new Saved(null, mean, invStd, batchStats));
    } else {
      double[] xhat = new double[xv.length];
      double[] y = new double[xv.length];
      for (int e = 0; e < n; e++) {
        for (int ch = 0; ch < c; ch++) {
          int base = (e * c + ch) * inner;
          for (int i = 0; i < inner; i++) {
            xhat[base + i] = (xv[base + i] - mean[ch]) * invStd[ch];
            y[base + i] = gamma[ch] * xhat[base + i] + beta[ch];
          }
        }
      }
      ctx.save(new Saved(xhat, mean, invStd, batchStats));
      out[0] = Tensors.create(y, s, x.dataType());
    }
    if (batchStats) {
      double[] rm = Tensors.values(in[3]).clone();
      double[] rv = Tensors.values(in[4]).clone();
      // PyTorch's running variance is unbiased, ONNX's biased: TRAIN follows the exporter
      double bessel = train ? (double) count / Math.max(1, count - 1) : 1;
      for (int ch = 0; ch < c; ch++) {
        rm[ch] = momentum * rm[ch] + (1 - momentum) * mean[ch];
        rv[ch] = momentum * rv[ch] + (1 - momentum) * var[ch] * bessel;
      }
      out[1] = Tensors.create(rm, in[3].shape(), in[3].dataType());
      out[2] = Tensors.create(rv, in[4].shape(), in[4].dataType());
      out[3] = Tensors.create(mean, in[3].shape(), in[3].dataType());
      out[4] = Tensors.create(var, in[4].shape(), in[4].dataType());
      if (train) {
        ctx.updateBuffer(3, out[1]);
        ctx.updateBuffer(4, out[2]);
      }
    } else {
      out[1] = in[3];
      out[2] = in[4];
    }
    return out;
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Saved sv = ctx.saved(Saved.class);
    long[] s = in[0].shape();
    int n = (int) s[0];
    int c = s.length > 1 ? (int) s[1] : 1;
    int inner = (int) (in[0].length() / Math.max(1, (long) n * c));
    double[] gamma = Tensors.values(in[1]);
    double[] dGamma = new double[c];
    double[] dBeta = new double[c];
    INDArray[] grads = new INDArray[in.length];
    if (sv.xhat() == null) {
      grads[0] = BatchNormFloat.backward(in[0], gOut[0], n, c, inner, sv.mean(), sv.invStd(), gamma, sv.batchStats(),
          dGamma, dBeta);
      grads[1] = Tensors.create(dGamma, in[1].shape(), in[1].dataType());
      grads[2] = Tensors.create(dBeta, in[2].shape(), in[2].dataType());
      return grads;
    }
    double[] g = Tensors.values(gOut[0]);
    for (int e = 0; e < n; e++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (e * c + ch) * inner;
        for (int i = 0; i < inner; i++) {
          dBeta[ch] += g[base + i];
          dGamma[ch] += g[base + i] * sv.xhat()[base + i];
        }
      }
    }
    double[] dx = new double[g.length];
    double count = (double) n * inner;
    for (int e = 0; e < n; e++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (e * c + ch) * inner;
        double k = gamma[ch] * sv.invStd()[ch];
        for (int i = 0; i < inner; i++) {
          dx[base + i] = sv.batchStats()
              ? k / count * (count * g[base + i] - dBeta[ch] - sv.xhat()[base + i] * dGamma[ch])
              : k * g[base + i];
        }
      }
    }
    grads[0] = Tensors.create(dx, s, in[0].dataType());
    grads[1] = Tensors.create(dGamma, in[1].shape(), in[1].dataType());
    grads[2] = Tensors.create(dBeta, in[2].shape(), in[2].dataType());
    return grads;
  }
}
