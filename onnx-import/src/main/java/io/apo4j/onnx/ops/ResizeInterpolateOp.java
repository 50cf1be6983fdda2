package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Resize in linear and cubic modes (and nearest with tf_crop_and_resize): separable, so each
 * resized axis applies its own taps (source indices and weights per output index) in turn; the
 * vector-Jacobian product applies the transposed taps in reverse order. Implements ONNX's
 * reference: edge-clamped neighbours, exclude_outside, cubic_coeff_a, antialias (a kernel
 * widened by 1/scale when downsampling) and the extrapolation_value of tf_crop_and_resize.
 */
final class ResizeInterpolateOp implements Op {
  private final String mode;
  private final String coordinates;
  private final String rounding;
  private final String policy;
  private final long[] axesAttr;
  private final double cubicA;
  private final boolean excludeOutside;
  private final boolean antialias;
  private final double extrapolation;

  ResizeInterpolateOp(Node node) {
    var a = node.attributes();
    mode = a.getString("mode", "nearest");
    coordinates = a.getString("coordinate_transformation_mode", "half_pixel");
    rounding = a.getString("nearest_mode", "round_prefer_floor");
    policy = a.getString("keep_aspect_ratio_policy", "stretch");
    axesAttr = a.getInts("axes", null);
    cubicA = a.getFloat("cubic_coeff_a", -0.75f);
    excludeOutside = a.getInt("exclude_outside", 0) != 0;
    antialias = a.getInt("antialias", 0) != 0 && !mode.equals("nearest");
    extrapolation = a.getFloat("extrapolation_value", 0f);
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    List<ResizeGeometry.Axis> axes = ResizeGeometry.axes(ctx, in, axesAttr, policy);
    double[] v = Tensors.values(in[0]);
    long[] shape = in[0].shape().clone();
    boolean[] outside = new boolean[v.length];
    for (ResizeGeometry.Axis a : axes) {
      ResizeTaps taps = taps(a);
      long[] next = shape.clone();
      next[a.axis()] = a.out();
      v = taps.apply(v, shape, a.axis(), false);
      outside = taps.outside(outside, shape, a.axis());
      shape = next;
    }
    for (int i = 0; i < v.length; i++) {
      if (outside[i]) {
        v[i] = extrapolation;
      }
    }
    return new INDArray[] {Tensors.create(v, shape, in[0].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    if (Tensors.isFloat(in[0]) && ctx.needsGradient(0)) {
      List<ResizeGeometry.Axis> axes = ResizeGeometry.axes(ctx, in, axesAttr, policy);
      long[][] shapes = new long[axes.size() + 1][];
      shapes[0] = in[0].shape();
      for (int k = 0; k < axes.size(); k++) {
        shapes[k + 1] = shapes[k].clone();
        shapes[k + 1][axes.get(k).axis()] = axes.get(k).out();
      }
      double[] gv = Tensors.values(gOut[0]);
      // extrapolated outputs are constants: no gradient flows through them
      boolean[] outside = new boolean[(int) Tensors.size(shapes[0])];
      for (int k = 0; k < axes.size(); k++) {
        outside = taps(axes.get(k)).outside(outside, shapes[k], axes.get(k).axis());
      }
      for (int i = 0; i < gv.length; i++) {
        if (outside[i]) {
          gv[i] = 0;
        }
      }
      for (int k = axes.size() - 1; k >= 0; k--) {
        gv = taps(axes.get(k)).apply(gv, shapes[k], axes.get(k).axis(), true);
      }
      g[0] = Tensors.create(gv, in[0].shape(), gOut[0].dataType());
    }
    // roi and scales move sample positions; treated as constants like the sizes
    for (int i = 1; i < Math.min(3, in.length); i++) {
      if (Tensors.isFloat(in[i]) && ctx.needsGradient(i)) {
        g[i] = Tensors.zerosLike(in[i]);
      }
    }
    return g;
  }

  private ResizeTaps taps(ResizeGeometry.Axis a) {
    int out = (int) a.out();
    int[][] index = new int[out][];
    double[][] weight = new double[out][];
    boolean[] outside = new boolean[out];
    double kernelScale = antialias ? Math.min(a.scale(), 1.0) : 1.0;
    for (int x = 0; x < out; x++) {
      double s = ResizeGeometry.source(coordinates, x, a);
      if (coordinates.equals("tf_crop_and_resize") && (s < 0 || s > a.in() - 1)) {
        outside[x] = true;
        index[x] = new int[0];
        weight[x] = new double[0];
        continue;
      }
      // the reference prefers the left neighbour: an integral coordinate has ratio 1, not 0
      long base = s == Math.floor(s) ? (long) s - 1 : (long) Math.floor(s);
      double ratio = s - base;
      int n = footprint(kernelScale);
      int first = 1 - n / 2;
      double[] w = new double[n];
      int[] idx = new int[n];
      double sum = 0;
      for (int t = 0; t < n; t++) {
        long j = base + first + t;
        w[t] = kernel((first + t - ratio) * kernelScale, ratio, t);
        if (excludeOutside && (j < 0 || j >= a.in())) {
          w[t] = 0;
        }
        idx[t] = (int) Math.max(0, Math.min(a.in() - 1, j));
        sum += w[t];
      }
      if (antialias || excludeOutside) {
        for (int t = 0; t < n; t++) {
          w[t] /= sum;
        }
      }
      index[x] = idx;
      weight[x] = w;
    }
    return new ResizeTaps(a.in(), index, weight, outside);
  }

  /** How many neighbours one output reads: 2 (linear, nearest) or 4 (cubic), widened by antialias. */
  private int footprint(double kernelScale) {
    return switch (mode) {
      case "linear" -> 2 - 2 * (int) (Math.floor(-1 / kernelScale) + 1);
      case "cubic" -> 2 - 2 * (int) (Math.floor(-2 / kernelScale) + 1);
      default -> 2;
    };
  }

  /** The weight of a neighbour at signed distance {@code u} (nearest: tap {@code t} of 2 at {@code ratio}). */
  private double kernel(double u, double ratio, int t) {
    double d = Math.abs(u);
    return switch (mode) {
      case "linear" -> Math.max(0, 1 - d);
      case "cubic" -> d <= 1 ? ((cubicA + 2) * d - (cubicA + 3)) * d * d + 1
          : d < 2 ? ((cubicA * d - 5 * cubicA) * d + 8 * cubicA) * d - 4 * cubicA : 0;
      default -> nearest(ratio) == t ? 1 : 0;
    };
  }

  /** Which of the two neighbours nearest mode picks (ratio in (0, 1]; 1 means the right one exactly). */
  private int nearest(double ratio) {
    if (ratio == 1) {
      return 1;
    }
    return switch (rounding) {
      case "floor" -> 0;
      case "ceil" -> 1;
      case "round_prefer_ceil" -> ratio < 0.5 ? 0 : 1;
      default -> ratio <= 0.5 ? 0 : 1;
    };
  }
}
