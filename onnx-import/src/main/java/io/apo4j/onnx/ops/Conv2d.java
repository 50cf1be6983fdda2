package io.apo4j.onnx.ops;

/**
 * The geometry of a 2-D convolution as ND4J's native {@code conv2d} takes it ({@link Nd4jConv2d},
 * {@link ConvWeightGradient}).
 *
 * @param pads {top, left, bottom, right}
 */
record Conv2d(int[] strides, int[] dilations, int[] kernel, int[] pads, int group) {

  static int outSize(int in, int k, int s, int padBegin, int padEnd, int d) {
    return (in + padBegin + padEnd - d * (k - 1) - 1) / s + 1;
  }
}
