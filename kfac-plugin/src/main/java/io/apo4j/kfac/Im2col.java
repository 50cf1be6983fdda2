package io.apo4j.kfac;

import io.apo4j.api.model.ConvGeometry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The patches a 2-D convolution multiplies its weight with: one row per (example, output row,
 * output column), columns ordered (c_in, kh, kw) like a c_out x (c_in*kh*kw) view of an OIHW
 * weight, zeros where the kernel covers padding, and an optional trailing column of ones for the
 * bias. A gather through a per-example index table, straight into the target type's array (a
 * LeNet conv1 batch is ~2.6M entries, so no intermediate double copy).
 */
final class Im2col {
  private Im2col() {}

  /** Output size along one axis (ONNX Conv semantics, explicit pads). */
  static int outputSize(int in, int kernel, int stride, int padBegin, int padEnd, int dilation) {
    return (in + padBegin + padEnd - dilation * (kernel - 1) - 1) / stride + 1;
  }

  /** Patches of an N x C x H x W input: (N*H'*W') x (C*kh*kw [+1]) in {@code type}. */
  static INDArray patches(INDArray input, ConvGeometry geo, boolean bias, DataType type) {
    int n = (int) input.size(0);
    int plane = (int) (input.size(1) * input.size(2) * input.size(3));
    int[] source = sourceIndices(input.shape(), geo);
    int perExample = source.length;
    int width = (int) (input.size(1) * geo.kernel()[0] * geo.kernel()[1]);
    int locations = perExample / width;
    int cols = width + (bias ? 1 : 0);
    long[] shape = {(long) n * locations, cols};
    if (type == DataType.DOUBLE) {
      double[] x = input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
      double[] out = new double[n * locations * cols];
      for (int e = 0, o = 0; e < n; e++) {
        int offset = e * plane;
        for (int l = 0, k = 0; l < locations; l++) {
          for (int c = 0; c < width; c++, k++) {
            out[o++] = source[k] < 0 ? 0 : x[offset + source[k]];
          }
          if (bias) {
            out[o++] = 1;
          }
        }
      }
      return Nd4j.create(out, shape, DataType.DOUBLE);
    }
    float[] x = input.castTo(DataType.FLOAT).dup('c').data().asFloat();
    float[] out = new float[n * locations * cols];
    for (int e = 0, o = 0; e < n; e++) {
      int offset = e * plane;
      for (int l = 0, k = 0; l < locations; l++) {
        for (int c = 0; c < width; c++, k++) {
          out[o++] = source[k] < 0 ? 0 : x[offset + source[k]];
        }
        if (bias) {
          out[o++] = 1;
        }
      }
    }
    return Nd4j.create(out, shape, 'c').castTo(type);
  }

  /**
   * For one example, the flat C x H x W index that feeds each patch entry (rows = output
   * locations in (y, x) order, columns = (c_in, kh, kw)), or -1 where the kernel covers padding.
   */
  static int[] sourceIndices(long[] inputShape, ConvGeometry geo) {
    int c = (int) inputShape[1];
    int h = (int) inputShape[2];
    int w = (int) inputShape[3];
    int kh = geo.kernel()[0];
    int kw = geo.kernel()[1];
    int top = geo.pads()[0];
    int left = geo.pads()[1];
    int oh = outputSize(h, kh, geo.strides()[0], top, geo.pads()[2], geo.dilations()[0]);
    int ow = outputSize(w, kw, geo.strides()[1], left, geo.pads()[3], geo.dilations()[1]);
    int[] out = new int[oh * ow * c * kh * kw];
    int k = 0;
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        for (int ch = 0; ch < c; ch++) {
          for (int ki = 0; ki < kh; ki++) {
            int y = i * geo.strides()[0] - top + ki * geo.dilations()[0];
            for (int kj = 0; kj < kw; kj++) {
              int x = j * geo.strides()[1] - left + kj * geo.dilations()[1];
              out[k++] = y >= 0 && y < h && x >= 0 && x < w ? (ch * h + y) * w + x : -1;
            }
          }
        }
      }
    }
    return out;
  }
}
