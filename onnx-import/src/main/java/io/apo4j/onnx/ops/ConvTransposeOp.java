package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ConvTranspose in 1, 2 or 3 spatial dimensions (strides, pads, dilations, groups, output_padding,
 * output_shape, auto_pad): each input position adds its kernel-weighted values into the output
 * window at {@code i * stride + k * dilation - pad}. Written as direct loops over a precomputed
 * position table, which is exact and simple; the model sizes that use it are small.
 */
final class ConvTransposeOp implements Op {
  static final List<String> ATTRIBUTES = List.of("auto_pad", "dilations", "group", "kernel_shape", "output_padding",
      "output_shape", "pads", "strides");

  private final String autoPad;
  private final long[] dilations;
  private final long[] strides;
  private final long[] pads;
  private final long[] outputPadding;
  private final long[] outputShape;
  private final int group;

  ConvTransposeOp(Node node) {
    var a = node.attributes();
    autoPad = a.getString("auto_pad", "NOTSET");
    if (!List.of("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER").contains(autoPad)) {
      throw a.unsupported("auto_pad", "[NOTSET, VALID, SAME_UPPER, SAME_LOWER]");
    }
    dilations = a.getInts("dilations", null);
    strides = a.getInts("strides", null);
    pads = a.getInts("pads", null);
    outputPadding = a.getInts("output_padding", null);
    outputShape = a.getInts("output_shape", null);
    group = (int) a.getInt("group", 1);
    if (group < 1) {
      throw a.unsupported("group", "a positive group count");
    }
  }

  /** Geometry of one call: output shape and, per (input position, kernel position), the output position or -1. */
  private record Plan(long[] outShape, int[] table, int inSpatial, int kSpatial, int outSpatial) {}

  private Plan plan(OpContext ctx, INDArray x, INDArray w) {
    int dims = x.rank() - 2;
    if (dims < 1 || w.rank() != x.rank() || x.size(1) != w.size(0) || w.size(0) % group != 0) {
      throw ctx.error("input " + Arrays.toString(x.shape()) + " and weight " + Arrays.toString(w.shape())
          + " do not fit with group=" + group + "; expected N x C x D1.. input and C x M/group x k1.. weight");
    }
    long[] in = Arrays.copyOfRange(x.shape(), 2, x.rank());
    long[] k = Arrays.copyOfRange(w.shape(), 2, w.rank());
    long[] s = fill(strides, dims, 1);
    long[] d = fill(dilations, dims, 1);
    long[] op = fill(outputPadding, dims, 0);
    long[] begin = new long[dims];
    long[] out = new long[dims];
    long[] p = fill(pads, 2 * dims, 0);
    for (int i = 0; i < dims; i++) {
      long full = s[i] * (in[i] - 1) + op[i] + (k[i] - 1) * d[i] + 1;
      long target = outputShape != null ? outputShape[outputShape.length - dims + i]
          : autoPad.startsWith("SAME") ? in[i] * s[i] : -1;
      if (target >= 0) {
        long total = full - target;
        boolean upper = autoPad.equals("SAME_UPPER");
        // floor division as in ONNX's reference: a larger output_shape than the full size
        // (negative total padding) grows the end, not the beginning
        begin[i] = upper ? Math.floorDiv(total, 2) : total - Math.floorDiv(total, 2);
        out[i] = target;
      } else {
        begin[i] = autoPad.equals("VALID") ? 0 : p[i];
        out[i] = full - begin[i] - (autoPad.equals("VALID") ? 0 : p[i + dims]);
      }
      if (out[i] < 0) {
        throw ctx.error("output size " + out[i] + " on spatial axis " + i + "; expected a non-negative size");
      }
    }
    long[] outShape = new long[x.rank()];
    outShape[0] = x.size(0);
    outShape[1] = w.size(1) * group;
    System.arraycopy(out, 0, outShape, 2, dims);
    Tensors.checkSize(outShape);
    int inN = (int) Tensors.size(in);
    int kN = (int) Tensors.size(k);
    Tensors.checkSize(new long[] {inN, kN});
    int[] table = new int[inN * kN];
    int[] ic = new int[dims];
    for (int i = 0; i < inN; i++) {
      int[] kc = new int[dims];
      for (int j = 0; j < kN; j++) {
        long o = 0;
        for (int a = 0; a < dims; a++) {
          long pos = ic[a] * s[a] + kc[a] * d[a] - begin[a];
          if (pos < 0 || pos >= out[a]) {
            o = -1;
            break;
          }
          o = o * out[a] + pos;
        }
        table[i * kN + j] = (int) o;
        step(kc, k);
      }
      step(ic, in);
    }
    return new Plan(outShape, table, inN, kN, (int) Tensors.size(out));
  }

  private static void step(int[] coord, long[] shape) {
    for (int a = coord.length - 1; a >= 0; a--) {
      if (++coord[a] < shape[a]) {
        return;
      }
      coord[a] = 0;
    }
  }

  private static long[] fill(long[] v, int n, long dflt) {
    if (v == null || v.length == 0) {
      long[] r = new long[n];
      Arrays.fill(r, dflt);
      return r;
    }
    return v;
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    INDArray x = in[0];
    INDArray w = in[1];
    Plan p = plan(ctx, x, w);
    double[] xv = Tensors.values(x);
    double[] wv = Tensors.values(w);
    double[] y = new double[(int) Tensors.size(p.outShape())];
    int n = (int) x.size(0);
    int cin = (int) x.size(1);
    int cg = cin / group;
    int mg = (int) w.size(1);
    for (int b = 0; b < n; b++) {
      for (int c = 0; c < cin; c++) {
        int g = c / cg;
        int xo = (b * cin + c) * p.inSpatial();
        for (int m = 0; m < mg; m++) {
          int yo = (b * mg * group + g * mg + m) * p.outSpatial();
          int wo = (c * mg + m) * p.kSpatial();
          for (int i = 0; i < p.inSpatial(); i++) {
            double xi = xv[xo + i];
            int t = i * p.kSpatial();
            for (int j = 0; j < p.kSpatial(); j++) {
              int o = p.table()[t + j];
              if (o >= 0) {
                y[yo + o] += xi * wv[wo + j];
              }
            }
          }
        }
      }
    }
    if (in.length > 2 && in[2] != null) {
      double[] bias = Tensors.values(in[2]);
      for (int b = 0; b < n; b++) {
        for (int m = 0; m < mg * group; m++) {
          int yo = (b * mg * group + m) * p.outSpatial();
          for (int o = 0; o < p.outSpatial(); o++) {
            y[yo + o] += bias[m];
          }
        }
      }
    }
    return new INDArray[] {Tensors.create(y, p.outShape(), x.dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray x = in[0];
    INDArray w = in[1];
    Plan p = plan(ctx, x, w);
    double[] xv = Tensors.values(x);
    double[] wv = Tensors.values(w);
    double[] gy = Tensors.values(gOut[0]);
    double[] gx = new double[xv.length];
    double[] gw = new double[wv.length];
    int n = (int) x.size(0);
    int cin = (int) x.size(1);
    int cg = cin / group;
    int mg = (int) w.size(1);
    for (int b = 0; b < n; b++) {
      for (int c = 0; c < cin; c++) {
        int g = c / cg;
        int xo = (b * cin + c) * p.inSpatial();
        for (int m = 0; m < mg; m++) {
          int yo = (b * mg * group + g * mg + m) * p.outSpatial();
          int wo = (c * mg + m) * p.kSpatial();
          for (int i = 0; i < p.inSpatial(); i++) {
            int t = i * p.kSpatial();
            double acc = 0;
            for (int j = 0; j < p.kSpatial(); j++) {
              int o = p.table()[t + j];
              if (o >= 0) {
                acc += gy[yo + o] * wv[wo + j];
                gw[wo + j] += gy[yo + o] * xv[xo + i];
              }
            }
            gx[xo + i] += acc;
          }
        }
      }
    }
    INDArray[] g = new INDArray[in.length];
    g[0] = ctx.needsGradient(0) ? Tensors.create(gx, x.shape(), x.dataType()) : null;
    g[1] = ctx.needsGradient(1) ? Tensors.create(gw, w.shape(), w.dataType()) : null;
    if (in.length > 2 && in[2] != null && ctx.needsGradient(2)) {
      int m = (int) (mg * group);
      double[] gb = new double[m];
      for (int b = 0; b < n; b++) {
        for (int c = 0; c < m; c++) {
          int yo = (b * m + c) * p.outSpatial();
          for (int o = 0; o < p.outSpatial(); o++) {
            gb[c] += gy[yo + o];
          }
        }
      }
      g[2] = Tensors.create(gb, in[2].shape(), in[2].dataType());
    }
    return g;
  }
}
