package io.apo4j.sgd;

/** Provides {@code adam}: Adam with bias correction, L2 weight decay and optional AMSGrad (torch.optim.Adam). */
public final class AdamProvider extends AdamFamilyProvider {
  static final String ID = "adam";

  public AdamProvider() {
    super(ID, "Adam with bias correction, L2 weight decay and optional AMSGrad (torch.optim.Adam).",
        WeightDecayMode.L2, 0.0, "L2 penalty added to the gradient: g + weight-decay * p");
  }
}
