package io.apo4j.apo.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.optim.Step;
import io.apo4j.apo.fixtures.Contexts;
import io.apo4j.apo.fixtures.Data;
import io.apo4j.apo.fixtures.Models;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.testkit.model.TinyNet;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Linear least squares with SGD (spec section 3): Q(eta) is the quadratic
 * J - eta <g, d> + eta^2/2 d^T (H_B + lambda_FSD G_B' + lambda_WSD I) d, minimised at
 * eta* = <g, d> / (d^T (H_B + lambda_FSD G_B' + lambda_WSD I) d). The meta-gradient must equal
 * eta * dQ/deta exactly, vanish at eta*, and a meta-step must move eta towards eta*.
 */
class ApoLrClosedFormTest {
  @ParameterizedTest(name = "lambda-fsd={0} lambda-wsd={1}")
  @CsvSource({"1.0, 0.0", "0.0, 0.0", "2.5, 0.3"})
  void metaGradientVanishesAtTheAnalyticOptimumWithTheRightSignAround(double lambdaFsd, double lambdaWsd) {
    TinyNet model = Models.linear(3, 1, DataType.DOUBLE, 4);
    Batch b = Data.regression(8, 3, 1, DataType.DOUBLE, 41);
    Batch second = Data.regression(6, 3, 1, DataType.DOUBLE, 42);
    TensorMap theta = model.parameters();
    Contexts.At at = Contexts.at(model, Losses.mse(), theta, b, () -> second, 0);
    // H_B of mean (y - t)^2 is 2/N X~^T X~; G_B' of squared-error FSD is 1/N' X~'^T X~' (X~ = [X, 1])
    INDArray h = gram(b.inputs().get("input")).muli(2.0 / 8);
    INDArray g2 = gram(second.inputs().get("input")).muli(1.0 / 6);
    INDArray c = h.add(g2.mul(lambdaFsd)).addi(Nd4j.eye(4).castTo(DataType.DOUBLE).muli(lambdaWsd));
    INDArray g = Nd4j.hstack(at.grads().get("linear.weight").reshape(1, 3), at.grads().get("linear.bias").reshape(1, 1));
    double gd = g.mmul(g.transpose()).getDouble(0);
    double dcd = g.mmul(c).mmul(g.transpose()).getDouble(0);
    double etaStar = gd / dcd;

    for (double factor : new double[] {0.5, 1.0, 2.0}) {
      double eta = factor * etaStar;
      ApoLr opt = create(eta, lambdaFsd, lambdaWsd);
      ApoLrState initial = (ApoLrState) opt.init(theta, model.kroneckerLayers());
      TensorMap psi = initial.logEtaScale();
      TensorMap d = opt.base().direction(at.grads(), initial.base(), at.ctx()).direction();
      double metaGradient = opt.probe(d, psi, eta, at.ctx()).metaGradient().get(ApoLr.SCALAR_GROUP).getDouble(0);
      double expected = eta * (-gd + eta * dcd);
      assertEquals(expected, metaGradient, 1e-9 * Math.abs(eta * gd), "eta = " + factor + " eta*");
      if (factor < 1) {
        assertTrue(metaGradient < 0, "below eta* the meta-gradient must be negative; found " + metaGradient);
      } else if (factor > 1) {
        assertTrue(metaGradient > 0, "above eta* the meta-gradient must be positive; found " + metaGradient);
      } else {
        assertEquals(0.0, metaGradient, 1e-12 * Math.abs(eta * gd), "at eta*");
      }
      if (factor != 1) {
        Step step = opt.update(at.grads(), initial, at.ctx());
        assertTrue(Math.abs(Math.log(step.learningRate() / etaStar)) < Math.abs(Math.log(factor)),
            "one meta-step must move eta from " + eta + " towards eta* = " + etaStar + "; found " + step.learningRate());
      }
    }
  }

  private static ApoLr create(double lr, double lambdaFsd, double lambdaWsd) {
    return (ApoLr) TestServices.standard().create(Map.of("id", "apo-lr", "base", Map.of("id", "sgd", "lr", lr),
        "fsd", "squared-error", "lambda-fsd", lambdaFsd, "lambda-wsd", lambdaWsd, "k", 1));
  }

  private static INDArray gram(INDArray x) {
    INDArray xt = Nd4j.hstack(x, Nd4j.ones(DataType.DOUBLE, x.size(0), 1));
    return xt.transpose().mmul(xt);
  }
}
