package io.apo4j.onnx.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What Resize does to each resized axis: output length, scale and the source coordinate of every
 * output index, from the node's scales or sizes (with keep_aspect_ratio_policy), axes and roi.
 * Shared by the nearest and the interpolating implementations; follows ONNX's reference, which
 * uses the unrounded output length {@code scale * in} in its coordinate transforms.
 */
final class ResizeGeometry {
  static final List<String> COORDINATES = List.of("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
      "align_corners", "asymmetric", "tf_crop_and_resize");
  static final List<String> POLICIES = List.of("stretch", "not_larger", "not_smaller");

  /**
   * One resized axis.
   *
   * @param roiStart,roiEnd the crop box of tf_crop_and_resize, as fractions of the axis (0 and 1 otherwise)
   */
  record Axis(int axis, long in, long out, double scale, double roiStart, double roiEnd) {}

  private ResizeGeometry() {}

  /** The axes the node resizes, from inputs (X, roi, scales, sizes) and the axes attribute. */
  static List<Axis> axes(OpContext ctx, INDArray[] in, long[] axesAttr, String policy) {
    long[] shape = in[0].shape();
    int rank = shape.length;
    long[] axes = axesAttr == null ? LongStream.range(0, rank).toArray() : axesAttr;
    boolean bySizes = in.length > 3 && in[3] != null && !in[3].isEmpty();
    double[] given = bySizes ? Tensors.values(in[3])
        : in.length > 2 && in[2] != null && !in[2].isEmpty() ? Tensors.values(in[2]) : null;
    if (given == null || given.length != axes.length) {
      throw ctx.error("expected " + axes.length + " scales or sizes (one per resized axis), found "
          + (given == null ? "none" : Arrays.toString(given)));
    }
    double[] roi = in.length > 1 && in[1] != null && !in[1].isEmpty() ? Tensors.values(in[1]) : null;
    if (roi != null && roi.length != 2 * axes.length) {
      roi = null; // roi only matters to tf_crop_and_resize, which checks it
    }
    double common = bySizes && !policy.equals("stretch") ? commonScale(shape, axes, given, policy, rank) : 0;
    List<Axis> out = new ArrayList<>();
    for (int i = 0; i < axes.length; i++) {
      int axis = Tensors.axis(axes[i], rank);
      long length;
      double scale;
      if (!bySizes) {
        scale = given[i];
        length = (long) Math.floor(shape[axis] * scale);
      } else if (common > 0) {
        scale = common;
        length = (long) Math.floor(shape[axis] * scale + 0.5);
      } else {
        length = (long) given[i];
        scale = (double) length / shape[axis];
      }
      if (length < 0 || !(scale > 0) && length > 0) {
        throw ctx.error("axis " + axis + " resized to " + length + " with scale " + scale + "; expected positive values");
      }
      Tensors.checkSize(new long[] {length});
      double start = roi == null ? 0 : roi[i];
      double end = roi == null ? 1 : roi[axes.length + i];
      out.add(new Axis(axis, shape[axis], length, scale, start, end));
    }
    return out;
  }

  /** keep_aspect_ratio_policy: one scale for all axes, the smallest (not_larger) or largest ratio. */
  private static double commonScale(long[] shape, long[] axes, double[] sizes, String policy, int rank) {
    double scale = policy.equals("not_larger") ? Double.MAX_VALUE : 0;
    for (int i = 0; i < axes.length; i++) {
      double ratio = sizes[i] / shape[Tensors.axis(axes[i], rank)];
      scale = policy.equals("not_larger") ? Math.min(scale, ratio) : Math.max(scale, ratio);
    }
    return scale;
  }

  /** The input coordinate that output index {@code x} of {@code a} samples. */
  static double source(String mode, long x, Axis a) {
    double outWidth = a.scale() * a.in();
    return switch (mode) {
      case "half_pixel" -> (x + 0.5) / a.scale() - 0.5;
      case "pytorch_half_pixel" -> outWidth == 1 ? -0.5 : (x + 0.5) / a.scale() - 0.5;
      case "align_corners" -> outWidth == 1 ? 0 : x * (a.in() - 1) / (outWidth - 1);
      case "half_pixel_symmetric" -> {
        double adjustment = a.out() / outWidth;
        double offset = a.in() / 2.0 * (1 - adjustment);
        yield offset + (x + 0.5) / a.scale() - 0.5;
      }
      case "tf_crop_and_resize" -> {
        double span = (a.roiEnd() - a.roiStart()) * (a.in() - 1);
        yield a.roiStart() * (a.in() - 1) + (outWidth == 1 ? span / 2 : x * span / (outWidth - 1));
      }
      default -> x / a.scale(); // asymmetric
    };
  }
}
