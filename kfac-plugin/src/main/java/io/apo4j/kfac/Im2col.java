package io.apo4j.kfac;

import io.apo4j.api.model.ConvGeometry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The patches a 2-D convolution multiplies its weight with: one row per (example, output row,
 * output column), columns ordered (c_in, kh, kw) like a c_out x (c_in*kh*kw) view of an OIHW
 * weight, zeros where the kernel covers padding, and an optional trailing column of ones for the
 * bias. A plain loop: it runs once per factor update and is simpler to trust than a strided view.
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
    int c = (int) input.size(1);
    int h = (int) input.size(2);
    int w = (int) input.size(3);
    int kh = geo.kernel()[0];
    int kw = geo.kernel()[1];
    int sh = geo.strides()[0];
    int sw = geo.strides()[1];
    int top = geo.pads()[0];
    int left = geo.pads()[1];
    int dh = geo.dilations()[0];
    int dw = geo.dilations()[1];
    int oh = outputSize(h, kh, sh, top, geo.pads()[2], dh);
    int ow = outputSize(w, kw, sw, left, geo.pads()[3], dw);
    int cols = c * kh * kw + (bias ? 1 : 0);
    double[] x = input.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    double[] out = new double[n * oh * ow * cols];
    int row = 0;
    for (int e = 0; e < n; e++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++, row++) {
          int base = row * cols;
          int col = 0;
          for (int ch = 0; ch < c; ch++) {
            int plane = (e * c + ch) * h;
            for (int ki = 0; ki < kh; ki++) {
              int y = i * sh - top + ki * dh;
              for (int kj = 0; kj < kw; kj++, col++) {
                int xx = j * sw - left + kj * dw;
                if (y >= 0 && y < h && xx >= 0 && xx < w) {
                  out[base + col] = x[(plane + y) * w + xx];
                }
              }
            }
          }
          if (bias) {
            out[base + col] = 1.0;
          }
        }
      }
    }
    return Nd4j.create(out, new long[] {(long) n * oh * ow, cols}, DataType.DOUBLE).castTo(type);
  }
}
