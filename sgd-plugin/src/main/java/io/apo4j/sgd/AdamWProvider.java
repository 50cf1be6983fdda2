package io.apo4j.sgd;

/** Provides {@code adamw}: Adam with decoupled weight decay and optional AMSGrad (torch.optim.AdamW). */
public final class AdamWProvider extends AdamFamilyProvider {
  static final String ID = "adamw";

  public AdamWProvider() {
    super(ID, "Adam with decoupled weight decay and optional AMSGrad (torch.optim.AdamW).",
        WeightDecayMode.DECOUPLED, 0.01, "decoupled weight decay: p *= 1 - lr * weight-decay");
  }
}
