package io.apo4j.api.model;

import io.apo4j.api.Stable;

/** How a Kronecker layer's weight tensor maps onto its m x n matrix (m outputs, n inputs). */
@Stable
public enum WeightLayout {
  /** Stored as m x n (Gemm with transB=1, the PyTorch Linear layout). */
  OUT_IN,
  /** Stored as n x m (Gemm with transB=0, MatMul(x, W)). */
  IN_OUT,
  /** Conv weight c_out x c_in x kh x kw, read as c_out x (c_in*kh*kw). */
  CONV_OIHW
}
