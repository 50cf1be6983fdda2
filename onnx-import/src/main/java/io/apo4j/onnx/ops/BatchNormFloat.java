package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import io.apo4j.api.kernels.Parallel;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float32 loops of {@link BatchNormOp}, one (example, channel) plane at a time through heap
 * chunks, with the same double arithmetic in the same order as the general path (so the same
 * bits): moments summed in double, each output computed in double and rounded once.
 *
 * <p>Why: the general path converts the whole N x C x H x W input to double[] and keeps the
 * normalised input for the backward pass, ~13 MB per array for a 16-channel 28 x 28 layer at
 * batch 128; that traffic made BatchNormalization half of a ResNet step. Backward recomputes the
 * normalised input from x, the mean and 1/std instead. Large layers run channels in parallel
 * (each channel's sums keep their order, so the bits do not depend on the threads).
 */
final class BatchNormFloat {
  /** Below this many elements a layer runs on one thread (fork-join costs more than it saves). */
  private static final long PARALLEL_ELEMENTS = 1 << 16;

  private BatchNormFloat() {}

  /** Whether {@code x} takes these loops: dense float32 with at least one element. */
  static boolean applies(INDArray x) {
    return x.dataType() == DataType.FLOAT && !x.isEmpty() && x.rank() >= 2;
  }

  /** Per-channel mean and biased variance, two passes, as {@link Stats#channelMoments}. */
  static void moments(INDArray x, int n, int c, int inner, double[] mean, double[] var) {
    INDArray xc = Tensors.contiguous(x);
    FloatBuffer xb = FastBuffers.floats(xc);
    double count = (double) n * inner;
    channels(c, n * inner, ch -> {
      float[] plane = new float[inner];
      double sum = 0;
      for (int e = 0; e < n; e++) {
        xb.get((e * c + ch) * inner, plane, 0, inner);
        for (int i = 0; i < inner; i++) {
          sum += plane[i];
        }
      }
      double m = sum / count;
      double squares = 0;
      for (int e = 0; e < n; e++) {
        xb.get((e * c + ch) * inner, plane, 0, inner);
        for (int i = 0; i < inner; i++) {
          double d = plane[i] - m;
          squares += d * d;
        }
      }
      mean[ch] = m;
      var[ch] = squares / count;
    });
    FastBuffers.keep(xc);
  }

  /**
   * Runs {@code body} for every channel, in parallel when the work is large: channels are
   * independent and each one's sums keep their order (example by example), so the result is the
   * same bits whichever thread runs it.
   */
  private static void channels(int c, long perChannel, java.util.function.IntConsumer body) {
    if (perChannel * c >= PARALLEL_ELEMENTS) {
      Parallel.forEach(c, body);
    } else {
      for (int ch = 0; ch < c; ch++) {
        body.accept(ch);
      }
    }
  }

  /** y = gamma * (x - mean) * invStd + beta, in double, rounded once. */
  static INDArray normalise(INDArray x, int n, int c, int inner, double[] mean, double[] invStd, double[] gamma,
      double[] beta) {
    INDArray xc = Tensors.contiguous(x);
    INDArray y = ArrayPool.uninitialized(DataType.FLOAT, x.shape());
    FloatBuffer xb = FastBuffers.floats(xc);
    FloatBuffer yb = FastBuffers.floats(y);
    channels(c, (long) n * inner, ch -> {
      float[] plane = new float[inner];
      float[] out = new float[inner];
      double m = mean[ch];
      double s = invStd[ch];
      double g = gamma[ch];
      double b = beta[ch];
      for (int e = 0; e < n; e++) {
        int base = (e * c + ch) * inner;
        xb.get(base, plane, 0, inner);
        for (int i = 0; i < inner; i++) {
          double xhat = (plane[i] - m) * s;
          out[i] = (float) (g * xhat + b);
        }
        yb.put(base, out, 0, inner);
      }
    });
    FastBuffers.keep(xc, y);
    return y;
  }

  /**
   * The input gradient (returned) and, into {@code dGamma}/{@code dBeta}, the parameter gradients;
   * {@code batchStats} as in the forward pass (the batch-statistics VJP, else gamma * invStd * g).
   */
  static INDArray backward(INDArray x, INDArray gOut, int n, int c, int inner, double[] mean, double[] invStd,
      double[] gamma, boolean batchStats, double[] dGamma, double[] dBeta) {
    INDArray xc = Tensors.contiguous(x);
    INDArray gc = Tensors.contiguous(gOut.dataType() == DataType.FLOAT ? gOut : gOut.castTo(DataType.FLOAT));
    INDArray dx = ArrayPool.uninitialized(DataType.FLOAT, x.shape());
    FloatBuffer xb = FastBuffers.floats(xc);
    FloatBuffer gb = FastBuffers.floats(gc);
    FloatBuffer ob = FastBuffers.floats(dx);
    double count = (double) n * inner;
    channels(c, (long) n * inner, ch -> {
      float[] xp = new float[inner];
      float[] gp = new float[inner];
      float[] out = new float[inner];
      double m = mean[ch];
      double s = invStd[ch];
      double db = 0;
      double dg = 0;
      for (int e = 0; e < n; e++) {
        int base = (e * c + ch) * inner;
        xb.get(base, xp, 0, inner);
        gb.get(base, gp, 0, inner);
        for (int i = 0; i < inner; i++) {
          double xhat = (xp[i] - m) * s;
          db += gp[i];
          dg += gp[i] * xhat;
        }
      }
      dBeta[ch] = db;
      dGamma[ch] = dg;
      double k = gamma[ch] * s;
      double a = k / count;
      for (int e = 0; e < n; e++) {
        int base = (e * c + ch) * inner;
        xb.get(base, xp, 0, inner);
        gb.get(base, gp, 0, inner);
        if (batchStats) {
          for (int i = 0; i < inner; i++) {
            double xhat = (xp[i] - m) * s;
            out[i] = (float) (a * (count * gp[i] - db - xhat * dg));
          }
        } else {
          for (int i = 0; i < inner; i++) {
            out[i] = (float) (k * gp[i]);
          }
        }
        ob.put(base, out, 0, inner);
      }
    });
    FastBuffers.keep(xc, gc, dx);
    return dx;
  }
}
