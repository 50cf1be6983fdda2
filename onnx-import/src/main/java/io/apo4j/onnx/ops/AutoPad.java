package io.apo4j.onnx.ops;

/** SAME_UPPER / SAME_LOWER padding: output size ceil(in / stride), extra pad at the end (UPPER) or start (LOWER). */
final class AutoPad {
  private AutoPad() {}

  /** Pads in ONNX order {begin_0, .., begin_k, end_0, .., end_k}. */
  static int[] same(int[] in, int[] kernel, int[] stride, int[] dilation, String mode) {
    int dims = in.length;
    int[] pads = new int[2 * dims];
    for (int i = 0; i < dims; i++) {
      int out = (in[i] + stride[i] - 1) / stride[i];
      int total = Math.max(0, (out - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1 - in[i]);
      int small = total / 2;
      int large = total - small;
      pads[i] = mode.equals("SAME_LOWER") ? large : small;
      pads[i + dims] = mode.equals("SAME_LOWER") ? small : large;
    }
    return pads;
  }
}
