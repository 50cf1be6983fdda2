package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Attributes;
import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conv (1-D and 2-D; pads, auto_pad, strides, dilations, groups) by im2col and one GEMM per group.
 * 1-D convolutions run as 2-D ones of height 1.
 */
public final class ConvOp implements Op {
  private final ConvAttributes attrs;

  ConvOp(Node node) {
    attrs = ConvAttributes.read(node.attributes(), node);
  }

  public int group() {
    return attrs.group();
  }

  /** Whether the pads are fixed by attributes (no SAME auto-padding that depends on the input size). */
  public boolean explicitPads() {
    return attrs.autoPad().equals("NOTSET") || attrs.autoPad().equals("VALID");
  }

  public int[] strides(int dims) {
    return attrs.ints(attrs.strides(), dims, 1);
  }

  public int[] dilations(int dims) {
    return attrs.ints(attrs.dilations(), dims, 1);
  }

  /** {top, left, bottom, right} for 2-D (ONNX's begin-then-end order). */
  public int[] pads(int dims) {
    return attrs.autoPad().equals("VALID") ? new int[2 * dims] : attrs.ints(attrs.pads(), 2 * dims, 0);
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    INDArray x = in[0];
    INDArray w = in[1];
    if (x.rank() != w.rank() || (x.rank() != 4 && x.rank() != 3) || x.size(1) != w.size(1) * attrs.group()
        || w.size(0) % attrs.group() != 0) {
      throw ctx.error("input " + Arrays.toString(x.shape()) + " and weight " + Arrays.toString(w.shape())
          + " do not fit with group=" + attrs.group() + "; expected N x C x [H x] W input and M x C/group x [kh x] kw"
          + " weight (3-D convolutions are not supported)");
    }
    Conv2d conv = geometry(x, w);
    INDArray b = in.length > 2 ? in[2] : null;
    if (Nd4jConv2d.applies(conv, x, w)) {
      ctx.save(null);
      return new INDArray[] {Nd4jConv2d.forward(conv, x, w, b)};
    }
    Conv2d.Result r = conv.forward(x.rank() == 3 ? x.reshape(x.size(0), x.size(1), 1, x.size(2)) : x,
        w.rank() == 3 ? w.reshape(w.size(0), w.size(1), 1, w.size(2)) : w, b);
    ctx.save(r);
    INDArray y = r.output();
    return new INDArray[] {x.rank() == 3 ? y.reshape(y.size(0), y.size(1), y.size(3)) : y};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Conv2d.Result r = ctx.saved(Conv2d.Result.class);
    INDArray w = in[1];
    INDArray g = gOut[0];
    if (r == null && !ctx.needsGradient(0)) {
      INDArray bias = in.length > 2 ? in[2] : null;
      INDArray[] grads = ConvWeightGradient.compute(geometry(in[0], w), in[0], w, g, bias != null);
      return bias == null ? new INDArray[] {null, grads[0]} : new INDArray[] {null, grads[0], grads[1]};
    }
    if (r == null) {
      INDArray bias = in.length > 2 ? in[2] : null;
      INDArray[] grads = Nd4jConv2d.backward(geometry(in[0], w), in[0], w, bias, g.castTo(in[0].dataType()));
      return bias == null ? new INDArray[] {grads[0], grads[1]} : grads;
    }
    if (g.rank() == 3) {
      g = g.reshape(g.size(0), g.size(1), 1, g.size(2));
    }
    Conv2d conv = geometry(in[0], w);
    INDArray w4 = w.rank() == 3 ? w.reshape(w.size(0), w.size(1), 1, w.size(2)) : w;
    INDArray[] grads = conv.backward(r, w4, g, ctx.needsGradient(0), in.length > 2 && in[2] != null);
    if (grads[0] != null) {
      grads[0] = grads[0].reshape(in[0].shape());
    }
    grads[1] = grads[1].reshape(w.shape());
    return grads;
  }

  private Conv2d geometry(INDArray x, INDArray w) {
    boolean oneD = x.rank() == 3;
    int dims = oneD ? 1 : 2;
    int[] k = oneD ? new int[] {1, (int) w.size(2)} : new int[] {(int) w.size(2), (int) w.size(3)};
    int[] s = strides(dims);
    int[] d = dilations(dims);
    int[] spatial = oneD ? new int[] {1, (int) x.size(2)} : new int[] {(int) x.size(2), (int) x.size(3)};
    int[] p = oneD ? pads1d(spatial[1], k[1], s[0], d[0]) : pads2d(spatial, k, s, d);
    return new Conv2d(oneD ? new int[] {1, s[0]} : s, oneD ? new int[] {1, d[0]} : d, k, p, attrs.group());
  }

  private int[] pads1d(int width, int k, int s, int d) {
    int[] p = attrs.autoPad().startsWith("SAME") ? AutoPad.same(new int[] {width}, new int[] {k}, new int[] {s},
        new int[] {d}, attrs.autoPad()) : pads(1);
    return new int[] {0, p[0], 0, p[1]};
  }

  private int[] pads2d(int[] spatial, int[] k, int[] s, int[] d) {
    return attrs.autoPad().startsWith("SAME") ? AutoPad.same(spatial, k, s, d, attrs.autoPad()) : pads(2);
  }

  /** The attributes Conv shares with pooling. */
  record ConvAttributes(long[] strides, long[] pads, long[] dilations, int group, String autoPad) {
    static ConvAttributes read(Attributes a, Node node) {
      String autoPad = a.getString("auto_pad", "NOTSET");
      if (!java.util.List.of("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER").contains(autoPad)) {
        throw a.unsupported("auto_pad", "NOTSET, VALID, SAME_UPPER, SAME_LOWER");
      }
      return new ConvAttributes(a.getInts("strides", null), a.getInts("pads", null), a.getInts("dilations", null),
          (int) a.getInt("group", 1), autoPad);
    }

    int[] ints(long[] values, int n, int fill) {
      int[] out = new int[n];
      Arrays.fill(out, fill);
      if (values != null) {
        for (int i = 0; i < Math.min(n, values.length); i++) {
          out[i] = (int) values[i];
        }
      }
      return out;
    }
  }
}
