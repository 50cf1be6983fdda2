package io.apo4j.api.model;

import io.apo4j.api.Stable;

/** The two kinds of Kronecker layer. */
@Stable
public enum LayerKind {
  /** Gemm or MatMul with a weight parameter: y = x W^T (+ b). */
  DENSE,
  /** 2-D Conv with a weight parameter, one group. */
  CONV
}
