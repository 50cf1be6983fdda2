package io.apo4j.api.loss;

import io.apo4j.api.Stable;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A training loss on model outputs, with PyTorch's mean reduction. */
@Stable
public interface Loss {
  /** The loss of {@code outputs} against {@code targets}, and its gradient. */
  LossValue evaluate(INDArray outputs, INDArray targets);

  TargetKind targetKind();
}
