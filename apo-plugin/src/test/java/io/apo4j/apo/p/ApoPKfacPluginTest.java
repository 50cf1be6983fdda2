package io.apo4j.apo.p;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.runtime.StepOptions;
import io.apo4j.api.runtime.StepOutcome;
import io.apo4j.api.runtime.TrainingStep;
import io.apo4j.apo.fixtures.Data;
import io.apo4j.apo.fixtures.Models;
import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.testkit.model.TinyNet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * APO-P with B = Q_G, A = Q_A and S.*S = 1 ./ (d_G d_A^T + lambda), taken from the kfac plugin's own
 * state after one step, reproduces that step of the kfac plugin on the same batch (eigen form, no
 * momentum, no KL clip, float64).
 */
class ApoPKfacPluginTest {
  private static final double LR = 0.1;
  private static final double DAMPING = 1e-3;

  @Test
  void eigenFormPhiReproducesTheKfacPluginsStep() {
    TestServices services = TestServices.installed();
    TinyNet model = Models.mlp(4, 5, 3, false, DataType.DOUBLE, 21);
    Batch batch = Data.classification(16, new long[] {4}, 3, DataType.DOUBLE, 5);
    TrainingStep kfac = new TrainingStep(model, Losses.crossEntropy(), services.create(Map.of("id", "kfac",
        "lr", LR, "momentum", 0.0, "kl-clip", false, "damping", DAMPING, "inverse-update-interval", 1,
        "precision", "float64")), StepOptions.of("kfac", 1));
    StepOutcome step = kfac.run(kfac.initialState(), batch);
    StateDict curvature = step.next().optimizer().toStateDict();

    ApoP apo = (ApoP) services.create(Map.of("id", "apo-p", "lr", LR, "momentum", 0.0));
    TensorMap params = model.parameters();
    StateDict fresh = apo.init(params, model.kroneckerLayers()).toStateDict();
    TensorMap tensors = fresh.tensors();
    for (KroneckerLayer layer : model.kroneckerLayers()) {
      String c = "curvature/" + layer.name() + "/";
      INDArray dA = curvature.tensors().get(c + "dA");
      INDArray dG = curvature.tensors().get(c + "dG");
      INDArray products = Nd4j.gemm(dG.reshape(dG.length(), 1), dA.reshape(1, dA.length()), false, false);
      tensors = tensors.with("phi/" + layer.name() + "/A", curvature.tensors().get(c + "QA"))
          .with("phi/" + layer.name() + "/B", curvature.tensors().get(c + "QG"))
          .with("phi/" + layer.name() + "/S", Transforms.pow(products.addi(DAMPING), -0.5, false));
    }
    ApoPState state = (ApoPState) apo.restore(new StateDict(tensors, fresh.scalars()), params, model.kroneckerLayers());
    TensorMap p = apo.precondition(step.gradients(), state.phi(), state.layers(), new HashMap<>());
    for (var e : step.step().updates()) {
      INDArray expected = e.getValue();
      INDArray actual = p.get(e.getKey()).mul(-LR);
      double scale = expected.amaxNumber().doubleValue();
      assertEquals(0.0, actual.sub(expected).amaxNumber().doubleValue(), 1e-6 * scale, "update of '" + e.getKey() + "'");
    }
  }
}
