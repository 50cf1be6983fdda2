package io.apo4j.apo.meta;

import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.optim.Lookahead;
import io.apo4j.api.optim.ProximalGradient;
import io.apo4j.api.optim.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluates APO's proximal objective one step ahead and its gradient there:
 * {@code Q = J_B(theta') + lambda_FSD * D_F(theta', theta, B') + (lambda_WSD/2) * ||theta' - theta||^2}
 * and {@code r = dQ/dtheta'}. Costs one forward pass at theta on B' and one forward and backward
 * pass at theta' (the {@link Lookahead} joins B and B' where it can). Nothing of the run changes.
 */
public final class ProximalProbe {
  /** Extra forward passes per probe: f(B'; theta) and the pass at theta'. */
  public static final int FORWARDS = 2;
  /** Extra backward passes per probe: the one at theta'. */
  public static final int BACKWARDS = 1;

  private ProximalProbe() {}

  /**
   * Q at {@code theta' = ctx.params() + delta} and its gradient.
   *
   * @param delta the candidate update theta' - theta, by parameter name
   */
  public static Probe evaluate(StepContext ctx, TensorMap delta, ApoSettings s) {
    Lookahead lookahead = ctx.lookahead();
    Batch second = s.secondBatch() == SecondBatch.CURRENT ? ctx.batch() : lookahead.independentBatch();
    INDArray oldOutputs = lookahead.outputs(ctx.params(), second);
    TensorMap candidate = Tensors.plus(ctx.params(), delta);
    ProximalGradient pg = lookahead.proximalGradient(candidate, ctx.batch(), second, oldOutputs, s.fsd(),
        s.lambdaFsd());
    TensorMap r = s.lambdaWsd() == 0 ? pg.gradient()
        : pg.gradient().map((name, g) -> g.add(delta.get(name).mul(s.lambdaWsd())));
    double wsd = s.lambdaWsd() == 0 ? 0 : 0.5 * s.lambdaWsd() * Tensors.squaredNorm(delta);
    return new Probe(r, pg.loss(), s.lambdaFsd() * pg.discrepancy(), wsd);
  }

  /**
   * The probe's result.
   *
   * @param gradient r = dQ/dtheta'
   * @param loss J_B(theta')
   * @param fsd lambda_FSD * D_F(theta', theta, B')
   * @param wsd (lambda_WSD/2) * ||theta' - theta||^2
   */
  public record Probe(TensorMap gradient, double loss, double fsd, double wsd) {
    public double q() {
      return loss + fsd + wsd;
    }
  }
}
