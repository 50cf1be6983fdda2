package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.Parallel;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling of float32 arrays (the training case of {@link PoolOps}): forward with the argmax of
 * every window, backward by routing each gradient to its argmax. Same results, bit for bit, as
 * the double-based loops (the first tap wins ties; a later tap wins only when strictly greater).
 *
 * <p>Why separate loops: the data moves between direct memory and small Java arrays in chunks of
 * whole planes (bulk copies, cache-sized; chunks run in parallel, {@link Parallel}), and the
 * window scan selects with integer masks instead
 * of branches: on post-ReLU activations the comparisons are unpredictable (many ties at zero), and
 * the branchy loop ran 2-3x slower (LeNet's first pooling: ~2.2 ms against ~1 ms).
 */
final class MaxPoolFloat {
  /** Floats per chunk (at least one plane). */
  private static final int CHUNK = 1 << 15;

  private MaxPoolFloat() {}

  /** Pools {@code planes} planes of {@code x} into {@code y}; returns each output's argmax index into x (-1: none). */
  static int[] forward(INDArray x, INDArray y, int planes, PoolWindows win) {
    int inPlane = win.planeSize();
    int outPlane = win.outPositions();
    int perChunk = Math.max(1, CHUNK / Math.max(1, inPlane));
    int[] argmax = new int[planes * outPlane];
    boolean padded = Arrays.stream(win.offsets()).anyMatch(o -> o < 0);
    Parallel.forEach(Parallel.blocks(planes, perChunk), b -> {
      int p0 = b * perChunk;
      int count = Math.min(perChunk, planes - p0);
      float[] xc = new float[count * inPlane];
      float[] yc = new float[count * outPlane];
      FastBuffers.floats(x).get(p0 * inPlane, xc, 0, count * inPlane);
      if (win.pairWidth() > 0) {
        scanPairs(xc, yc, argmax, count, p0, win);
      } else if (padded) {
        scanSkippingPadding(xc, yc, argmax, count, p0, win);
      } else {
        scan(xc, yc, argmax, count, p0, win);
      }
      FastBuffers.floats(y).put(p0 * outPlane, yc, 0, count * outPlane);
    });
    FastBuffers.keep(x, y);
    return argmax;
  }

  /** Every tap inside the input: branch-free selection (masks on the float bits). */
  private static void scan(float[] x, float[] y, int[] argmax, int planes, int p0, PoolWindows win) {
    int taps = win.taps();
    int positions = win.outPositions();
    int planeSize = win.planeSize();
    int[] offsets = win.offsets();
    int shift = p0 * planeSize;
    int o = 0;
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * planeSize;
      for (int p = 0, t0 = 0; p < positions; p++, o++, t0 += taps) {
        int at = base + offsets[t0];
        int best = Float.floatToRawIntBits(x[at]);
        for (int t = t0 + 1; t < t0 + taps; t++) {
          int i = base + offsets[t];
          float v = x[i];
          int m = v > Float.intBitsToFloat(best) ? -1 : 0;
          best = Float.floatToRawIntBits(v) & m | best & ~m;
          at = i & m | at & ~m;
        }
        y[o] = Float.intBitsToFloat(best);
        argmax[p0 * positions + o] = shift + at;
      }
    }
  }

  /** 2 x 2 windows at stride 2 ({@link PoolWindows#pairWidth}): {@link #scan} unrolled, ~1.5x faster. */
  private static void scanPairs(float[] x, float[] y, int[] argmax, int planes, int p0, PoolWindows win) {
    int w = win.pairWidth();
    int ow = (int) win.outSpatial()[win.outSpatial().length - 1];
    int oh = win.outPositions() / ow;
    int planeSize = win.planeSize();
    int shift = p0 * planeSize;
    int o = 0;
    for (int pl = 0; pl < planes; pl++) {
      for (int i = 0; i < oh; i++) {
        int row = pl * planeSize + 2 * i * w;
        for (int j = 0; j < ow; j++, o++) {
          int p = row + 2 * j;
          int best = Float.floatToRawIntBits(x[p]);
          int at = p;
          float v = x[p + 1];
          int m = v > Float.intBitsToFloat(best) ? -1 : 0;
          best = Float.floatToRawIntBits(v) & m | best & ~m;
          at = (p + 1) & m | at & ~m;
          v = x[p + w];
          m = v > Float.intBitsToFloat(best) ? -1 : 0;
          best = Float.floatToRawIntBits(v) & m | best & ~m;
          at = (p + w) & m | at & ~m;
          v = x[p + w + 1];
          m = v > Float.intBitsToFloat(best) ? -1 : 0;
          best = Float.floatToRawIntBits(v) & m | best & ~m;
          at = (p + w + 1) & m | at & ~m;
          y[o] = Float.intBitsToFloat(best);
          argmax[p0 * oh * ow + o] = shift + at;
        }
      }
    }
  }

  /** Windows that reach into padding (offset -1): those taps are skipped; a window of padding only gives -inf. */
  private static void scanSkippingPadding(float[] x, float[] y, int[] argmax, int planes, int p0, PoolWindows win) {
    int taps = win.taps();
    int positions = win.outPositions();
    int planeSize = win.planeSize();
    int[] offsets = win.offsets();
    int shift = p0 * planeSize;
    int o = 0;
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * planeSize;
      for (int p = 0, t0 = 0; p < positions; p++, o++, t0 += taps) {
        float best = Float.NEGATIVE_INFINITY;
        int at = -1;
        for (int t = t0; t < t0 + taps; t++) {
          int off = offsets[t];
          if (off >= 0 && (at < 0 || x[base + off] > best)) {
            best = x[base + off];
            at = base + off;
          }
        }
        y[o] = best;
        argmax[p0 * positions + o] = at < 0 ? -1 : shift + at;
      }
    }
  }

  /**
   * {@code gx} (shaped like the input) = the sum of the gradients {@code g} routed to their argmax;
   * every element of gx is written.
   */
  static void backward(INDArray g, INDArray gx, int[] argmax, int planes, PoolWindows win) {
    int inPlane = win.planeSize();
    int outPlane = win.outPositions();
    int perChunk = Math.max(1, CHUNK / Math.max(1, inPlane));
    Parallel.forEach(Parallel.blocks(planes, perChunk), b -> {
      int p0 = b * perChunk;
      int count = Math.min(perChunk, planes - p0);
      float[] gc = new float[count * outPlane];
      float[] gxc = new float[count * inPlane];
      FastBuffers.floats(g).get(p0 * outPlane, gc, 0, count * outPlane);
      int shift = p0 * inPlane;
      int first = p0 * outPlane;
      for (int o = 0; o < count * outPlane; o++) {
        int at = argmax[first + o];
        if (at >= 0) {
          // windows may overlap: accumulate (float adds, as the float array itself would)
          gxc[at - shift] += gc[o];
        }
      }
      FastBuffers.floats(gx).put(shift, gxc, 0, count * inPlane);
    });
    FastBuffers.keep(g, gx);
  }
}
