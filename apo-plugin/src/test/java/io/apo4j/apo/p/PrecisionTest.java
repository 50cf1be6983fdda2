package io.apo4j.apo.p;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.apo.fixtures.Contexts;
import io.apo4j.apo.fixtures.Models;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.api.optim.Step;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** bfloat16 mode: values round to 8 significant bits (ties to even), and phi and P(G) are stored that way. */
class PrecisionTest {
  @Test
  void roundsToTheNearestBfloat16TiesToEven() {
    // the bfloat16 spacing at 1 is 2^-7
    assertEquals(1.0, Precision.toBfloat16(1.0 + 1.0 / 256), 0.0); // tie between 1 and 1 + 2^-7: to even
    assertEquals(1.0 + 2.0 / 128, Precision.toBfloat16(1.0 + 3.0 / 256), 0.0); // tie: to even (2 * 2^-7)
    assertEquals(1.0 + 1.0 / 128, Precision.toBfloat16(1.0 + 1.0 / 128 + 1e-4), 0.0); // nearest
    assertEquals(-3.140625, Precision.toBfloat16(-Math.PI), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, Precision.toBfloat16(Double.POSITIVE_INFINITY), 0.0);
  }

  @Test
  void bfloat16KeepsPhiAndTheUpdateOnTheBfloat16Grid() {
    TrainableModel model = Models.MLP.model();
    Batch b = Models.MLP.batch(8, 1);
    Batch second = Models.MLP.batch(8, 2);
    ApoP opt = (ApoP) TestServices.standard().create(Map.of("id", "apo-p", "lr", 1.0, "momentum", 0.0,
        "precision", "bfloat16", "meta-lr", 0.01));
    TensorMap theta = model.parameters();
    Contexts.At at = Contexts.at(model, Losses.crossEntropy(), theta, b, () -> second, 0);
    Step step = opt.update(at.grads(), opt.init(theta, model.kroneckerLayers()), at.ctx());
    ApoPState s = (ApoPState) step.state();
    s.phi().forEach(e -> assertOnGrid(e.getValue(), "phi " + e.getKey()));
    // lr 1 and no momentum: the update is -P(G), which is stored in bfloat16
    step.updates().forEach(e -> assertOnGrid(e.getValue(), "update " + e.getKey()));
    assertEquals(1.0 - 0.01, s.phi().get("fc1/S").getDouble(0, 0), 0.004, "S moved by about the meta learning rate");
  }

  private static void assertOnGrid(INDArray a, String what) {
    double[] v = a.dup().data().asDouble();
    for (double x : v) {
      assertEquals(Precision.toBfloat16(x), x, 0.0, what);
    }
  }
}
