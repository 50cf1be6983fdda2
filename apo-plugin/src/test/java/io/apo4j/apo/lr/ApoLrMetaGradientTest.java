package io.apo4j.apo.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.apo.fixtures.Contexts;
import io.apo4j.apo.fixtures.DirectionalSgd;
import io.apo4j.apo.fixtures.Models;
import io.apo4j.apo.fixtures.Objective;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.apo.meta.Tensors;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.optim.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.factory.Nd4j;

/** dQ/dpsi of APO-LR against central differences of Q computed from forward passes (float64). */
class ApoLrMetaGradientTest {
  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Models m : Models.values()) {
      for (String fsd : List.of("kl", "squared-error", "bernoulli-kl")) {
        for (double wsd : new double[] {0.0, 0.7}) {
          if (m.isOnnx() && (wsd == 0) != fsd.equals("squared-error")) {
            continue; // imported models: each discrepancy once, lambda-wsd > 0 twice
          }
          cases.add(Arguments.of(m, fsd, wsd, false));
        }
      }
      cases.add(Arguments.of(m, "kl", 0.3, true));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} fsd={1} lambda-wsd={2} per-parameter={3}")
  @MethodSource("cases")
  void metaGradientEqualsFiniteDifferences(Models which, String fsd, double wsd, boolean perParameter) {
    TestServices services = TestServices.standard();
    ApoLr opt = (ApoLr) services.create(Map.of("id", "apo-lr",
        "base", Map.of("id", "sgd", "lr", 0.3, "momentum", 0.9, "nesterov", true),
        "fsd", fsd, "lambda-fsd", 0.8, "lambda-wsd", wsd, "per-parameter", perParameter));
    TrainableModel model = which.model();
    Loss loss = Losses.crossEntropy();
    Batch b = which.batch(6, 21);
    Batch second = which.batch(5, 22);
    TensorMap theta = model.parameters();
    Contexts.At at = Contexts.at(model, loss, theta, b, () -> second, 3);
    Nd4j.getRandom().setSeed(5);
    var velocity = theta.map((n, p) -> Nd4j.randn(p.dataType(), p.shape()).muli(0.2));
    Direction dir = opt.base().direction(at.grads(), new DirectionalSgd.State(velocity), at.ctx());
    ApoLrState init = (ApoLrState) opt.init(theta, model.kroneckerLayers());
    double[] offset = {0.25};
    TensorMap psi = init.logEtaScale().map((g, v) -> Tensors.scalar(offset[0] += 0.1));

    ApoLr.Probed probed = opt.probe(dir.direction(), psi, dir.learningRate(), at.ctx());

    Objective q = new Objective(model, loss, services.discrepancy(Map.of("id", fsd)), 0.8, wsd, b, second);
    assertEquals(q.q(theta, candidate(theta, dir, psi, opt)), probed.probe().q(), 1e-10);
    double h = 1e-5;
    for (String g : psi.names()) {
      double fd = (q.q(theta, candidate(theta, dir, shifted(psi, g, h), opt))
          - q.q(theta, candidate(theta, dir, shifted(psi, g, -h), opt))) / (2 * h);
      double analytic = probed.metaGradient().get(g).getDouble(0);
      assertEquals(fd, analytic, 1e-6 * Math.max(1e-3, Math.abs(fd)), "dQ/d" + g);
    }
  }

  private static TensorMap shifted(TensorMap psi, String group, double h) {
    return psi.map((g, v) -> g.equals(group) ? Tensors.scalar(v.getDouble(0) + h) : v);
  }

  /** theta - lr * exp(psi_group) * d, computed here rather than by the optimizer. */
  private static TensorMap candidate(TensorMap theta, Direction dir, TensorMap psi, ApoLr opt) {
    return theta.map((n, p) -> {
      String group = psi.contains(ApoLr.SCALAR_GROUP) ? ApoLr.SCALAR_GROUP : ApoLr.SCALAR_GROUP + "/" + n;
      double eta = dir.learningRate() * Math.exp(psi.get(group).getDouble(0));
      return p.sub(dir.direction().get(n).mul(eta));
    });
  }
}
