package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pooling over 1, 2 or 3 spatial axes: MaxPool (pads, strides, dilations, ceil_mode),
 * AveragePool (count_include_pad, ceil_mode, dilations), GlobalAveragePool and GlobalMaxPool.
 * The windows come from {@link PoolWindows}; the loops run in place on the arrays' memory
 * ({@link Slab}; float32 max pooling in {@link MaxPoolFloat}). Max pooling records the argmax of each window, so backward routes each gradient
 * to the element that won (the first one on ties).
 */
final class PoolOps implements Op {
  static final List<String> NAMES = List.of("MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool");

  private final boolean max;
  private final boolean global;
  private final long[] kernelAttr;
  private final ConvOp.ConvAttributes attrs;
  private final boolean ceil;
  private final boolean countPad;
  /** MaxPool's storage_order=1: the Indices output counts the spatial axes column-major. */
  private final boolean columnMajor;

  /** What backward needs: the windows, and for max pooling the input index that won each output. */
  private record Saved(PoolWindows windows, int[] argmax) {}

  PoolOps(Node node) {
    String op = node.opType();
    max = op.contains("Max");
    global = op.startsWith("Global");
    kernelAttr = node.attributes().getInts("kernel_shape", null);
    attrs = ConvOp.ConvAttributes.read(node.attributes(), node);
    ceil = node.attributes().getInt("ceil_mode", 0) != 0;
    countPad = node.attributes().getInt("count_include_pad", 0) != 0;
    columnMajor = node.attributes().getInt("storage_order", 0) != 0;
    if (!global && (kernelAttr == null || kernelAttr.length < 1 || kernelAttr.length > 3)) {
      throw node.attributes().unsupported("kernel_shape", "one to three values (1-D, 2-D or 3-D pooling)");
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

  private PoolWindows windows(OpContext ctx, long[] shape) {
    int dims = shape.length - 2;
    if (dims < 1 || dims > 3 || !global && kernelAttr.length != dims) {
      throw ctx.error("input shape " + Arrays.toString(shape) + " is not supported; expected N x C x D1 [x D2 [x D3]]"
          + (global ? "" : " with " + kernelAttr.length + " spatial axes (kernel_shape " + Arrays.toString(kernelAttr)
          + ")"));
    }
    int[] in = new int[dims];
    for (int a = 0; a < dims; a++) {
      in[a] = Math.toIntExact(shape[a + 2]);
    }
    if (global) {
      int[] ones = new int[dims];
      Arrays.fill(ones, 1);
      return PoolWindows.of(in, in, ones, ones, new int[2 * dims], false, false);
    }
    int[] k = attrs.ints(kernelAttr, dims, 1);
    int[] s = attrs.ints(attrs.strides(), dims, 1);
    int[] d = attrs.ints(attrs.dilations(), dims, 1);
    int[] p = attrs.autoPad().startsWith("SAME") ? AutoPad.same(in, k, s, d, attrs.autoPad())
        : attrs.autoPad().equals("VALID") ? new int[2 * dims] : attrs.ints(attrs.pads(), 2 * dims, 0);
    try {
      return PoolWindows.of(in, k, s, d, p, ceil, countPad);
    } catch (OpException e) {
      throw ctx.error(e.getMessage());
    }
  }

  /** {@code a} as a contiguous float32/float64 array the kernels can run on in place. */
  private static INDArray computable(INDArray a) {
    INDArray c = Tensors.contiguous(a);
    return FastBuffers.supported(c) ? c : Tensors.contiguous(a.castTo(DataType.DOUBLE));
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    PoolWindows win = windows(ctx, shape);
    INDArray x = computable(in[0]);
    long[] outShape = new long[shape.length];
    outShape[0] = shape[0];
    outShape[1] = shape[1];
    System.arraycopy(win.outSpatial(), 0, outShape, 2, shape.length - 2);
    INDArray y = ArrayPool.uninitialized(x.dataType(), outShape);
    int planes = Math.toIntExact(shape[0] * shape[1]);
    int[] argmax = !max ? null : x.dataType() == DataType.FLOAT ? MaxPoolFloat.forward(x, y, planes, win)
        : maxForward(Slab.of(x), Slab.of(y), planes, win);
    if (!max) {
      averageForward(Slab.of(x), Slab.of(y), planes, win);
    }
    FastBuffers.keep(x, y);
    ctx.save(new Saved(win, argmax));
    INDArray out = y.dataType() == in[0].dataType() ? y : y.castTo(in[0].dataType());
    boolean wantsIndices = max && !global && ctx.node().outputs().size() > 1;
    return wantsIndices ? new INDArray[] {out, indices(argmax, shape, outShape)} : new INDArray[] {out};
  }

  /**
   * MaxPool's optional Indices output (int64): each winner's flat index in the input, the spatial
   * part in row-major order, or column-major with storage_order=1.
   */
  private INDArray indices(int[] argmax, long[] shape, long[] outShape) {
    int dims = shape.length - 2;
    long planeSize = 1;
    for (int a = 0; a < dims; a++) {
      planeSize *= shape[a + 2];
    }
    long[] idx = new long[argmax.length];
    for (int o = 0; o < argmax.length; o++) {
      long at = argmax[o];
      if (!columnMajor || at < 0) {
        idx[o] = at;
        continue;
      }
      long within = at % planeSize;
      long colMajor = 0;
      long stride = 1;
      long[] coord = new long[dims];
      for (int a = dims - 1; a >= 0; a--) {
        coord[a] = within % shape[a + 2];
        within /= shape[a + 2];
      }
      for (int a = 0; a < dims; a++) {
        colMajor += coord[a] * stride;
        stride *= shape[a + 2];
      }
      idx[o] = at - at % planeSize + colMajor;
    }
    return Nd4j.createFromArray(idx).reshape(outShape);
  }

  private static int[] maxForward(Slab x, Slab y, int planes, PoolWindows win) {
    int taps = win.taps();
    int positions = win.outPositions();
    int[] offsets = win.offsets();
    int[] argmax = new int[planes * positions];
    int o = 0;
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * win.planeSize();
      for (int p = 0, t0 = 0; p < positions; p++, o++, t0 += taps) {
        double best = Double.NEGATIVE_INFINITY;
        int at = -1;
        for (int t = t0; t < t0 + taps; t++) {
          int off = offsets[t];
          if (off >= 0) {
            double v = x.get(base + off);
            if (at < 0 || v > best) {
              best = v;
              at = base + off;
            }
          }
        }
        y.set(o, best);
        argmax[o] = at;
      }
    }
    return argmax;
  }

  private static void averageForward(Slab x, Slab y, int planes, PoolWindows win) {
    int taps = win.taps();
    int positions = win.outPositions();
    int[] offsets = win.offsets();
    int o = 0;
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * win.planeSize();
      for (int p = 0, t0 = 0; p < positions; p++, o++, t0 += taps) {
        double sum = 0;
        for (int t = t0; t < t0 + taps; t++) {
          int off = offsets[t];
          if (off >= 0) {
            sum += x.get(base + off);
          }
        }
        int count = win.counts()[p];
        y.set(o, count == 0 ? 0 : sum / count);
      }
    }
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Saved saved = ctx.saved(Saved.class);
    PoolWindows win = saved.windows();
    INDArray g = computable(gOut[0]);
    int planes = Math.toIntExact(in[0].size(0) * in[0].size(1));
    if (max && g.dataType() == DataType.FLOAT) {
      INDArray gx = ArrayPool.uninitialized(DataType.FLOAT, in[0].shape());
      MaxPoolFloat.backward(g, gx, saved.argmax(), planes, win);
      return new INDArray[] {gx.dataType() == in[0].dataType() ? gx : gx.castTo(in[0].dataType())};
    }
    INDArray gx = Nd4j.create(g.dataType(), in[0].shape());
    Slab gs = Slab.of(g);
    Slab gxs = Slab.of(gx);
    if (max) {
      int[] argmax = saved.argmax();
      for (int o = 0; o < argmax.length; o++) {
        if (argmax[o] >= 0) {
          gxs.add(argmax[o], gs.get(o));
        }
      }
    } else {
      averageBackward(gs, gxs, planes, win);
    }
    FastBuffers.keep(g, gx);
    return new INDArray[] {gx.dataType() == in[0].dataType() ? gx : gx.castTo(in[0].dataType())};
  }

  private static void averageBackward(Slab g, Slab gx, int planes, PoolWindows win) {
    int taps = win.taps();
    int positions = win.outPositions();
    int[] offsets = win.offsets();
    int o = 0;
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * win.planeSize();
      for (int p = 0, t0 = 0; p < positions; p++, o++, t0 += taps) {
        int count = win.counts()[p];
        double share = count == 0 ? 0 : g.get(o) / count;
        for (int t = t0; t < t0 + taps; t++) {
          if (offsets[t] >= 0) {
            gx.add(base + offsets[t], share);
          }
        }
      }
    }
  }
}
