package io.apo4j.apo.p;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.apo.fixtures.Contexts;
import io.apo4j.apo.fixtures.Models;
import io.apo4j.apo.fixtures.Objective;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.apo.meta.ApoSettings;
import io.apo4j.apo.meta.MetaMethod;
import io.apo4j.apo.meta.MetaOptimizer;
import io.apo4j.apo.meta.ProximalProbe;
import io.apo4j.apo.meta.Tensors;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.TrainableModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * dQ/dA, dQ/dB, dQ/dS of APO-P (spec section 4) against central differences of Q computed from
 * forward passes, at a random phi away from the identity, with momentum and weight decay (float64).
 * Each factor tensor is checked along random directions and at single entries.
 */
class ApoPMetaGradientTest {
  private static final double LR = 0.2;
  private static final double MU = 0.9;
  private static final double WD = 0.01;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Models m : Models.values()) {
      for (String fsd : List.of("kl", "squared-error", "bernoulli-kl")) {
        for (double wsd : new double[] {0.0, 0.7}) {
          if (m.isOnnx() && (wsd == 0) != fsd.equals("squared-error")) {
            continue; // imported models: each discrepancy once, lambda-wsd > 0 twice
          }
          cases.add(Arguments.of(m, fsd, wsd));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} fsd={1} lambda-wsd={2}")
  @MethodSource("cases")
  void metaGradientEqualsFiniteDifferences(Models which, String fsd, double wsd) {
    TestServices services = TestServices.standard();
    ApoP opt = (ApoP) services.create(Map.of("id", "apo-p", "lr", LR, "momentum", MU, "weight-decay", WD,
        "fsd", fsd, "lambda-fsd", 0.8, "lambda-wsd", wsd));
    TrainableModel model = which.model();
    List<KroneckerLayer> layers = model.kroneckerLayers();
    Loss loss = Losses.crossEntropy();
    Batch b = which.batch(6, 31);
    Batch second = which.batch(5, 32);
    TensorMap theta = model.parameters();
    Contexts.At at = Contexts.at(model, loss, theta, b, () -> second, 3);
    Nd4j.getRandom().setSeed(8);
    TensorMap velocity = theta.map((n, p) -> Nd4j.randn(p.dataType(), p.shape()).muli(0.1));
    TensorMap phi = randomPhi(((ApoPState) opt.init(theta, layers)).phi());
    TensorMap g = at.grads().map((n, gr) -> gr.add(theta.get(n).mul(WD)));

    Map<String, KroneckerPreconditioner.Applied> applied = new LinkedHashMap<>();
    TensorMap p = opt.precondition(g, phi, layers, applied);
    TensorMap delta = p.map((n, pn) -> velocity.get(n).mul(MU).addi(pn).muli(-LR));
    ApoSettings settings = new ApoSettings(fsd, services.discrepancy(Map.of("id", fsd)), 0.8, wsd, 10, 0,
        new MetaOptimizer(MetaMethod.ADAM, 1e-3));
    ProximalProbe.Probe probe = ProximalProbe.evaluate(at.ctx(), delta, settings);
    TensorMap analytic = ApoP.metaGradient(applied, probe.gradient(), phi, layers, LR);

    Objective q = new Objective(model, loss, settings.fsd(), 0.8, wsd, b, second);
    assertEquals(q.q(theta, candidate(theta, g, velocity, phi, layers)), probe.q(), 1e-10, "Q at phi");
    double h = 1e-5;
    for (String name : phi.names()) {
      for (int k = 0; k < 3; k++) {
        INDArray u = k < 2 ? Nd4j.randn(phi.get(name).dataType(), phi.get(name).shape())
            : Nd4j.zeros(phi.get(name).dataType(), phi.get(name).shape()).putScalar(phi.get(name).length() - 1, 1.0);
        double fd = (q.q(theta, candidate(theta, g, velocity, along(phi, name, u, h), layers))
            - q.q(theta, candidate(theta, g, velocity, along(phi, name, u, -h), layers))) / (2 * h);
        double predicted = Tensors.dot(analytic.get(name), u);
        assertEquals(fd, predicted, 1e-6 * Math.max(1e-2, Math.abs(fd)), "dQ/d" + name + " along direction " + k);
      }
    }
  }

  private static TensorMap randomPhi(TensorMap identity) {
    return identity.map((n, v) -> v.add(Nd4j.randn(v.dataType(), v.shape()).muli(0.2)));
  }

  private static TensorMap along(TensorMap phi, String name, INDArray u, double h) {
    return phi.with(name, phi.get(name).add(u.mul(h)));
  }

  /** theta - eta * (mu v + P_phi(g)), with P from the plain reference formula. */
  private static TensorMap candidate(TensorMap theta, TensorMap g, TensorMap v, TensorMap phi,
      List<KroneckerLayer> layers) {
    TensorMap p = ReferencePreconditioner.apply(g, phi, layers);
    return theta.map((n, t) -> t.sub(v.get(n).mul(MU).addi(p.get(n)).muli(LR)));
  }
}
