package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2-D pooling: MaxPool (pads, strides, dilations, ceil_mode), AveragePool (count_include_pad,
 * ceil_mode), GlobalAveragePool and GlobalMaxPool. Max pooling records the argmax of each window,
 * so backward routes each gradient to the element that won.
 */
final class PoolOps implements Op {
  static final List<String> NAMES = List.of("MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool");

  private final boolean max;
  private final boolean global;
  private final long[] kernelAttr;
  private final ConvOp.ConvAttributes attrs;
  private final boolean ceil;
  private final boolean countPad;

  PoolOps(Node node) {
    String op = node.opType();
    max = op.contains("Max");
    global = op.startsWith("Global");
    kernelAttr = node.attributes().getInts("kernel_shape", null);
    attrs = ConvOp.ConvAttributes.read(node.attributes(), node);
    ceil = node.attributes().getInt("ceil_mode", 0) != 0;
    countPad = node.attributes().getInt("count_include_pad", 0) != 0;
    if (node.attributes().getInt("storage_order", 0) != 0) {
      throw node.attributes().unsupported("storage_order", "0 (row major)");
    }
    if (!global && (kernelAttr == null || kernelAttr.length != 2)) {
      throw node.attributes().unsupported("kernel_shape", "two values (2-D pooling)");
    }
  }

  static List<String> attributes(String op) {
    return switch (op) {
      case "MaxPool" -> List.of("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides");
      case "AveragePool" -> List.of("auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads",
          "strides");
      default -> List.of();
    };
  }

  /** Window geometry for one input. */
  private record Window(int kh, int kw, int sh, int sw, int dh, int dw, int pt, int pl, int oh, int ow) {}

  private Window window(long[] s) {
    int h = (int) s[2];
    int w = (int) s[3];
    if (global) {
      return new Window(h, w, 1, 1, 1, 1, 0, 0, 1, 1);
    }
    int[] k = {(int) kernelAttr[0], (int) kernelAttr[1]};
    int[] st = attrs.ints(attrs.strides(), 2, 1);
    int[] d = attrs.ints(attrs.dilations(), 2, 1);
    int[] p = attrs.autoPad().startsWith("SAME") ? AutoPad.same(new int[] {h, w}, k, st, d, attrs.autoPad())
        : attrs.autoPad().equals("VALID") ? new int[4] : attrs.ints(attrs.pads(), 4, 0);
    int oh = outSize(h, k[0], st[0], p[0], p[2], d[0]);
    int ow = outSize(w, k[1], st[1], p[1], p[3], d[1]);
    return new Window(k[0], k[1], st[0], st[1], d[0], d[1], p[0], p[1], oh, ow);
  }

  private int outSize(int in, int k, int s, int pb, int pe, int d) {
    int span = in + pb + pe - d * (k - 1) - 1;
    int out = (ceil ? (span + s - 1) / s : span / s) + 1;
    if (ceil && (out - 1) * s >= in + pb) {
      out--; // the last window may not start in the padding
    }
    return out;
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    INDArray x = in[0];
    if (x.rank() != 4) {
      throw ctx.error("input shape " + Arrays.toString(x.shape()) + " is not supported; expected N x C x H x W");
    }
    long[] s = x.shape();
    Window win = window(s);
    int planes = (int) (s[0] * s[1]);
    int h = (int) s[2];
    int w = (int) s[3];
    double[] xv = Tensors.values(x);
    double[] y = new double[planes * win.oh() * win.ow()];
    int[] arg = max ? new int[y.length] : null;
    double[] counts = max ? null : new double[win.oh() * win.ow()];
    int o = 0;
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * h * w;
      for (int i = 0; i < win.oh(); i++) {
        for (int j = 0; j < win.ow(); j++, o++) {
          double best = Double.NEGATIVE_INFINITY;
          int bestAt = -1;
          double sum = 0;
          int count = 0;
          for (int ki = 0; ki < win.kh(); ki++) {
            int yy = i * win.sh() - win.pt() + ki * win.dh();
            for (int kj = 0; kj < win.kw(); kj++) {
              int xx = j * win.sw() - win.pl() + kj * win.dw();
              boolean inside = yy >= 0 && yy < h && xx >= 0 && xx < w;
              if (inside) {
                double v = xv[base + yy * w + xx];
                if (v > best || bestAt < 0) {
                  best = v;
                  bestAt = base + yy * w + xx;
                }
                sum += v;
                count++;
              } else if (countPad && yy < h + pads(2) && xx < w + pads(3)) {
                count++;
              }
            }
          }
          if (max) {
            y[o] = best;
            arg[o] = bestAt;
          } else {
            y[o] = count == 0 ? 0 : sum / count;
            counts[i * win.ow() + j] = count;
          }
        }
      }
    }
    ctx.save(max ? arg : counts);
    return new INDArray[] {Tensors.create(y, new long[] {s[0], s[1], win.oh(), win.ow()}, x.dataType())};
  }

  /** End padding along axis 2 or 3 (count_include_pad counts padding, not ceil-mode overhang). */
  private int pads(int axis) {
    if (global || attrs.autoPad().equals("VALID")) {
      return 0;
    }
    return attrs.ints(attrs.pads(), 4, 0)[axis];
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    long[] s = in[0].shape();
    Window win = window(s);
    double[] g = Tensors.values(gOut[0]);
    double[] gx = new double[(int) Tensors.size(s)];
    int h = (int) s[2];
    int w = (int) s[3];
    if (max) {
      int[] arg = ctx.saved(int[].class);
      for (int o = 0; o < g.length; o++) {
        if (arg[o] >= 0) {
          gx[arg[o]] += g[o];
        }
      }
    } else {
      double[] counts = ctx.saved(double[].class);
      int planes = (int) (s[0] * s[1]);
      int o = 0;
      for (int pl = 0; pl < planes; pl++) {
        int base = pl * h * w;
        for (int i = 0; i < win.oh(); i++) {
          for (int j = 0; j < win.ow(); j++, o++) {
            double share = counts[i * win.ow() + j] == 0 ? 0 : g[o] / counts[i * win.ow() + j];
            for (int ki = 0; ki < win.kh(); ki++) {
              int yy = i * win.sh() - win.pt() + ki * win.dh();
              for (int kj = 0; kj < win.kw(); kj++) {
                int xx = j * win.sw() - win.pl() + kj * win.dw();
                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                  gx[base + yy * w + xx] += share;
                }
              }
            }
          }
        }
      }
    }
    return new INDArray[] {Tensors.create(gx, s, in[0].dataType())};
  }
}
