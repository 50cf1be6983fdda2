package io.apo4j.apo.p;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.loss.LossValue;
import io.apo4j.api.loss.TargetKind;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.runtime.BatchSource;
import io.apo4j.apo.fixtures.Contexts;
import io.apo4j.apo.fixtures.Models;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.testkit.model.TinyNet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;

/**
 * The paper's optimal-preconditioner theorem: with J linearised (a loss linear in the outputs), a
 * squared-error FSD and theta frozen, the P minimising E_B[Q] is (lambda_FSD G + lambda_WSD I)^-1 with G
 * the Gauss-Newton matrix of B', here mean(x~ x~^T) kron I. Many APO-P meta-steps (Adam, decreasing
 * meta learning rates) on a linear model, cycling through 16 batches B against one B', must reach
 * it (as eta * P) within 5% relative (Frobenius). Each single meta-gradient vanishes at that P,
 * whatever g_B is, so the stochastic meta-steps converge to it without a noise floor.
 */
class ApoPTheoremTest {
  private static final int IN = 3;
  private static final int OUT = 2;
  private static final int COLUMNS = IN + 1;

  @ParameterizedTest(name = "lambda-fsd={0} lambda-wsd={1}")
  @CsvSource({"1.0, 0.1", "0.5, 1.0"})
  void metaStepsOnAFrozenLinearModelConvergeToTheDampedGaussNewtonInverse(double lambdaFsd, double lambdaWsd) {
    TinyNet model = Models.linear(IN, OUT, DataType.DOUBLE, 9);
    KroneckerLayer layer = model.kroneckerLayers().get(0);
    TensorMap theta = model.parameters();
    INDArray mixing = Nd4j.create(new double[][] {{1.2, 0, 0}, {0.6, 0.8, 0}, {-0.3, 0.4, 0.5}});
    List<Batch> training = batches(16, mixing, 300, 8);
    List<Batch> second = batches(1, mixing, 400, 64);
    INDArray gram = Nd4j.zeros(DataType.DOUBLE, COLUMNS, COLUMNS);
    for (Batch b : second) {
      INDArray x = Nd4j.hstack(b.inputs().get("input"), Nd4j.ones(DataType.DOUBLE, b.size(), 1));
      gram.addi(x.transpose().mmul(x).divi(b.size() * second.size()));
    }
    INDArray inverse = InvertMatrix.invert(gram.mul(lambdaFsd).addi(Nd4j.eye(COLUMNS).castTo(DataType.DOUBLE)
        .muli(lambdaWsd)), false);

    Loss linear = new LinearLoss();
    BatchSource secondSource = BatchSource.cycling(second);
    ApoPState state = null;
    List<Contexts.At> contexts = new ArrayList<>();
    for (Batch b : training) {
      contexts.add(Contexts.at(model, linear, theta, b, secondSource, 0));
    }
    int t = 0;
    // decreasing meta learning rates; every phase spans whole cycles of the 16 batches B
    double[][] phases = {{0.05, 256}, {0.02, 256}, {0.01, 256}, {0.003, 128}};
    for (double[] phase : phases) {
      double metaLr = phase[0];
      ApoP opt = (ApoP) TestServices.standard().create(Map.of("id", "apo-p", "lr", 1.0, "momentum", 0.0,
          "fsd", "squared-error", "lambda-fsd", lambdaFsd, "lambda-wsd", lambdaWsd, "k", 1, "meta-lr", metaLr));
      if (state == null) {
        state = (ApoPState) opt.init(theta, List.of(layer));
      }
      for (int i = 0; i < phase[1]; i++, t++) {
        Contexts.At at = contexts.get(t % training.size());
        state = (ApoPState) opt.update(at.grads(), state, at.ctx()).state();
      }
    }
    double relative = distance(state, layer, inverse);
    assertTrue(relative < 0.05, "eta * P after " + t + " meta-steps is " + relative
        + " (relative Frobenius) from (lambda_FSD G + lambda_WSD I)^-1; expected below 0.05");
  }

  private static double distance(ApoPState state, KroneckerLayer layer, INDArray inverse) {
    double error = 0;
    double norm = 0;
    for (int i = 0; i < OUT; i++) {
      for (int j = 0; j < COLUMNS; j++) {
        INDArray e = Nd4j.zeros(DataType.DOUBLE, OUT, COLUMNS).putScalar(i, j, 1.0);
        INDArray learned = KroneckerPreconditioner.apply(e, LayerPhi.of(state.phi(), layer)).p();
        INDArray optimal = e.mmul(inverse);
        error += Math.pow(learned.sub(optimal).norm2Number().doubleValue(), 2);
        norm += Math.pow(optimal.norm2Number().doubleValue(), 2);
      }
    }
    return Math.sqrt(error / norm);
  }

  private static List<Batch> batches(int count, INDArray mixing, long seed, int examples) {
    List<Batch> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      Nd4j.getRandom().setSeed(seed + k);
      INDArray x = Nd4j.randn(DataType.DOUBLE, examples, IN).mmul(mixing.transpose()).addi(0.3);
      INDArray targets = Nd4j.randn(DataType.DOUBLE, examples, OUT);
      out.add(new Batch(Map.of("input", x), targets, new long[examples]));
    }
    return out;
  }

  /** J = -mean_i <t_i, y_i>: the first-order model of a loss, whose gradient does not depend on theta. */
  private static final class LinearLoss implements Loss {
    @Override
    public LossValue evaluate(INDArray outputs, INDArray targets) {
      long n = outputs.size(0);
      return new LossValue(-outputs.mul(targets).sumNumber().doubleValue() / n, targets.div(-n));
    }

    @Override
    public TargetKind targetKind() {
      return TargetKind.VALUES;
    }
  }
}
