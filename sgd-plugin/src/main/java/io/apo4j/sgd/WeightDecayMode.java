package io.apo4j.sgd;

/** How Adam applies weight decay: the one difference between {@code adam} and {@code adamw}. */
enum WeightDecayMode {
  /** Added to the gradient before the moments ({@code torch.optim.Adam}): g + wd * p. */
  L2,
  /** Applied to the parameters directly ({@code torch.optim.AdamW}): p *= 1 - lr * wd. */
  DECOUPLED
}
