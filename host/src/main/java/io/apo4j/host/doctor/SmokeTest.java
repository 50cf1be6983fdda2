package io.apo4j.host.doctor;

import io.apo4j.api.TensorMap;
import io.apo4j.api.loss.LossValue;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.model.TrainableModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The doctor's two-second check that the native build computes: a GEMM against a plain Java loop,
 * then one SGD step of a convolutional model (convolution, pooling, GEMM, forward and backward),
 * whose loss on the same batch must fall.
 */
public final class SmokeTest {
  private SmokeTest() {}

  /** Largest relative difference between ND4J's GEMM and a double-precision loop (float32 inputs). */
  public static double gemmError() {
    int n = 96;
    Random r = new Random(1);
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
      b[i] = (float) r.nextGaussian();
    }
    INDArray c = Nd4j.create(a, new long[] {n, n}).mmul(Nd4j.create(b, new long[] {n, n}));
    double worst = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        double abs = 0;
        for (int k = 0; k < n; k++) {
          s += (double) a[i * n + k] * b[k * n + j];
          abs += Math.abs((double) a[i * n + k] * b[k * n + j]);
        }
        worst = Math.max(worst, Math.abs(c.getDouble(i, j) - s) / abs);
      }
    }
    return worst;
  }

  /** Loss before and after one SGD step (lr 0.05) on a random batch of 8 images of 1x28x28. */
  public static double[] trainingStep(ModelImporterProvider importer, Path model) throws Exception {
    try (TrainableModel m = importer.create(importer.configSpec().bind(Map.of())).load(model)) {
      INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
      INDArray labels = Nd4j.create(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, new long[] {8});
      TensorMap params = m.parameters();
      ForwardPass pass = m.forward(params, m.buffers(), Map.of(m.inputs().get(0).name(), x), Mode.TRAIN, 0);
      LossValue before = Losses.crossEntropy().evaluate(pass.output(), labels);
      TensorMap grads = m.backward(pass, before.gradient(), Set.of()).parameters();
      TensorMap stepped = params.map((name, p) -> p.sub(grads.get(name).mul(0.05)));
      ForwardPass after = m.forward(stepped, m.buffers(), Map.of(m.inputs().get(0).name(), x), Mode.TRAIN, 1);
      return new double[] {before.value(), Losses.crossEntropy().evaluate(after.output(), labels).value()};
    }
  }
}
