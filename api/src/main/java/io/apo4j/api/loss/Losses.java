package io.apo4j.api.loss;

import io.apo4j.api.Stable;
import java.util.List;

/**
 * The built-in losses, all with PyTorch's mean reduction and exact gradients (computed in double
 * precision; the gradient has the outputs' data type). Like optax's loss functions they hold no
 * state, so one instance can be shared.
 */
@Stable
public final class Losses {
  private static final Loss CROSS_ENTROPY = new CrossEntropyLoss();
  private static final Loss MSE = new MseLoss();
  private static final Loss BCE_WITH_LOGITS = new BceWithLogitsLoss();

  private Losses() {}

  /** {@code torch.nn.CrossEntropyLoss()}: logits N x C, targets N class indices (stored as floats). */
  public static Loss crossEntropy() {
    return CROSS_ENTROPY;
  }

  /** {@code torch.nn.MSELoss()}: mean of squared differences over every element. */
  public static Loss mse() {
    return MSE;
  }

  /** {@code torch.nn.BCEWithLogitsLoss()}: mean binary cross-entropy of sigmoid(logits) over every element. */
  public static Loss bceWithLogits() {
    return BCE_WITH_LOGITS;
  }

  /** The ids of the built-in losses, as their providers declare them. */
  public static List<String> ids() {
    return List.of(CrossEntropyLoss.ID, MseLoss.ID, BceWithLogitsLoss.ID);
  }

  /**
   * The built-in loss called {@code id}.
   *
   * @throws LossException naming the valid ids when {@code id} is unknown
   */
  public static Loss byId(String id) {
    return switch (id) {
      case CrossEntropyLoss.ID -> CROSS_ENTROPY;
      case MseLoss.ID -> MSE;
      case BceWithLogitsLoss.ID -> BCE_WITH_LOGITS;
      default -> throw new LossException("unknown loss '" + id + "'; expected one of " + ids());
    };
  }
}
