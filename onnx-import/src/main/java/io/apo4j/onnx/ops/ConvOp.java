package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Attributes;
import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conv over 1, 2 or 3 spatial axes (pads, auto_pad, strides, dilations, groups). One path per
 * geometry: 1-D and 2-D convolutions that ND4J's native conv2d covers (one group, no dilation,
 * symmetric pads) run there, 1-D ones as 2-D of height 1 ({@link Nd4jConv2d}; the weight gradient
 * alone by {@link ConvWeightGradient} when the input needs none, e.g. a network's first layer);
 * everything else by im2col over three axes ({@link ConvIm2col}).
 */
public final class ConvOp implements Op {
  private final ConvAttributes attrs;

  /** What backward needs: the native geometry, or the im2col geometry and its patches. */
  private record Saved(Conv2d nativeGeometry, ConvIm2col im2col, ConvIm2col.Result patches) {}

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

  /** ONNX order {begin_0 .. begin_k, end_0 .. end_k}, e.g. {top, left, bottom, right} for 2-D. */
  public int[] pads(int dims) {
    return attrs.autoPad().equals("VALID") ? new int[2 * dims] : attrs.ints(attrs.pads(), 2 * dims, 0);
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    INDArray x = in[0];
    INDArray w = in[1];
    if (x.rank() != w.rank() || x.rank() < 3 || x.rank() > 5 || x.size(1) != w.size(1) * attrs.group()
        || w.size(0) % attrs.group() != 0) {
      throw ctx.error("input " + Arrays.toString(x.shape()) + " and weight " + Arrays.toString(w.shape())
          + " do not fit with group=" + attrs.group() + "; expected N x C x D1 [x D2 [x D3]] input and"
          + " M x C/group x k1 [x k2 [x k3]] weight");
    }
    INDArray b = in.length > 2 ? in[2] : null;
    Conv2d conv = nativeGeometry(x, w);
    if (conv != null) {
      ctx.save(new Saved(conv, null, null));
      INDArray y = Nd4jConv2d.forward(conv, lift(x, 4), lift(w, 4), b);
      return new INDArray[] {x.rank() == 3 ? y.reshape(y.size(0), y.size(1), y.size(3)) : y};
    }
    ConvIm2col im2col = im2colGeometry(x, w);
    ConvIm2col.Result r;
    try {
      r = im2col.forward(lift(x, 5), lift(w, 5), b);
    } catch (OpException e) {
      throw ctx.error(e.getMessage());
    }
    ctx.save(new Saved(null, im2col, r));
    INDArray y = r.output();
    long[] shape = x.shape().clone();
    shape[1] = w.size(0);
    for (int a = 2; a < shape.length; a++) {
      shape[a] = y.size(a + 5 - shape.length);
    }
    return new INDArray[] {y.reshape(shape)};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Saved saved = ctx.saved(Saved.class);
    INDArray x = in[0];
    INDArray w = in[1];
    boolean hasBias = in.length > 2 && in[2] != null;
    INDArray[] grads;
    if (saved.nativeGeometry() != null) {
      Conv2d conv = saved.nativeGeometry();
      INDArray g = lift(gOut[0], 4).castTo(x.dataType());
      grads = ctx.needsGradient(0)
          ? Nd4jConv2d.backward(conv, lift(x, 4), lift(w, 4), hasBias ? in[2] : null, g)
          : prepend(ConvWeightGradient.compute(conv, lift(x, 4), lift(w, 4), g, hasBias));
    } else {
      grads = saved.im2col().backward(saved.patches(), lift(w, 5), lift(gOut[0], 5), ctx.needsGradient(0), hasBias);
    }
    if (grads[0] != null) {
      grads[0] = grads[0].reshape(x.shape());
    }
    grads[1] = grads[1].reshape(w.shape());
    return hasBias ? new INDArray[] {grads[0], grads[1], grads[2]} : new INDArray[] {grads[0], grads[1]};
  }

  private static INDArray[] prepend(INDArray[] weightAndBias) {
    return new INDArray[] {null, weightAndBias[0], weightAndBias[1]};
  }

  /** {@code a} with size-1 axes inserted after N and C up to {@code rank}. */
  private static INDArray lift(INDArray a, int rank) {
    if (a.rank() == rank) {
      return a;
    }
    long[] shape = new long[rank];
    Arrays.fill(shape, 1);
    shape[0] = a.size(0);
    shape[1] = a.size(1);
    for (int i = 2; i < a.rank(); i++) {
      shape[i + rank - a.rank()] = a.size(i);
    }
    return Tensors.contiguous(a).reshape('c', shape);
  }

  /** {kernel, strides, dilations, pads (begin..., end...)} for the input's own spatial rank. */
  private int[][] geometry(INDArray x, INDArray w) {
    int dims = x.rank() - 2;
    int[] spatial = new int[dims];
    int[] k = new int[dims];
    for (int a = 0; a < dims; a++) {
      spatial[a] = (int) x.size(a + 2);
      k[a] = (int) w.size(a + 2);
    }
    int[] s = strides(dims);
    int[] d = dilations(dims);
    int[] p = attrs.autoPad().startsWith("SAME") ? AutoPad.same(spatial, k, s, d, attrs.autoPad()) : pads(dims);
    return new int[][] {k, s, d, p};
  }

  /** The native 2-D geometry (1-D lifted to height 1), or null where ND4J's conv2d does not apply. */
  private Conv2d nativeGeometry(INDArray x, INDArray w) {
    if (x.rank() > 4) {
      return null;
    }
    int[][] g = geometry(x, w);
    int[] p = g[3];
    Conv2d conv = x.rank() == 4 ? new Conv2d(g[1], g[2], g[0], p, attrs.group())
        : new Conv2d(new int[] {1, g[1][0]}, new int[] {1, g[2][0]}, new int[] {1, g[0][0]},
            new int[] {0, p[0], 0, p[1]}, attrs.group());
    return Nd4jConv2d.applies(conv, lift(x, 4), lift(w, 4)) ? conv : null;
  }

  private ConvIm2col im2colGeometry(INDArray x, INDArray w) {
    int[][] g = geometry(x, w);
    int dims = x.rank() - 2;
    int[][] lifted = new int[3][3];
    int[] pads = new int[6];
    for (int a = 0; a < 3; a++) {
      int src = a - (3 - dims);
      lifted[0][a] = src >= 0 ? g[0][src] : 1;
      lifted[1][a] = src >= 0 ? g[1][src] : 1;
      lifted[2][a] = src >= 0 ? g[2][src] : 1;
      pads[a] = src >= 0 ? g[3][src] : 0;
      pads[a + 3] = src >= 0 ? g[3][src + dims] : 0;
    }
    return new ConvIm2col(lifted[1], lifted[2], lifted[0], pads, attrs.group());
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
