package io.apo4j.api.model;

import io.apo4j.api.Stable;

/**
 * Geometry of a 2-D convolution, enough to rebuild its im2col patches.
 *
 * @param kernel {kh, kw}
 * @param strides {sh, sw}
 * @param pads {top, left, bottom, right}
 * @param dilations {dh, dw}
 */
@Stable
public record ConvGeometry(int[] kernel, int[] strides, int[] pads, int[] dilations) {
  public ConvGeometry {
    kernel = kernel.clone();
    strides = strides.clone();
    pads = pads.clone();
    dilations = dilations.clone();
  }
}
