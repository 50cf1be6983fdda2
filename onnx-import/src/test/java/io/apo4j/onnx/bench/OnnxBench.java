package io.apo4j.onnx.bench;

import io.apo4j.api.TensorMap;
import io.apo4j.api.loss.LossValue;
import io.apo4j.api.loss.Losses;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Mode;
import io.apo4j.onnx.OnnxImportOptions;
import io.apo4j.onnx.OnnxImporter;
import io.apo4j.onnx.model.OnnxModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark (not a test): forward + cross-entropy + backward per batch of the shared reference
 * models, median over timed iterations after a long warm-up.
 * Usage: {@code OnnxBench <models folder> [batch=128] [iterations=200] [model names...]}.
 */
public final class OnnxBench {
  private OnnxBench() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args.length > 0 ? args[0] : "../shared/reference/torch/models");
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    String[] models = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length)
        : new String[] {"mlp_fmnist", "lenet5_fmnist"};
    for (String name : models) {
      for (boolean taps : new boolean[] {false, true}) {
        System.out.printf("%-14s batch %d %-9s fwd+bwd %.2f ms/batch (median of %d)%n", name, batch,
            taps ? "with taps" : "", run(folder.resolve(name + ".onnx"), batch, iterations, taps), iterations);
      }
    }
  }

  static double run(Path file, int batch, int iterations, boolean taps) {
    try (OnnxModel model = OnnxImporter.importModel(file, OnnxImportOptions.DEFAULTS)) {
      long[] shape = model.inputs().get(0).shape().clone();
      shape[0] = batch;
      Random random = new Random(1);
      INDArray x = Nd4j.rand(DataType.FLOAT, shape);
      INDArray y = Nd4j.createFromArray(random.ints(batch, 0, 10).asLongStream().toArray());
      TensorMap params = model.parameters();
      TensorMap buffers = model.buffers();
      EnumSet<BackwardOption> options = taps ? EnumSet.of(BackwardOption.LAYER_TAPS) : EnumSet.noneOf(BackwardOption.class);
      double[] times = new double[iterations];
      for (int i = -Math.max(300, iterations); i < iterations; i++) {
        long t0 = System.nanoTime();
        ForwardPass pass = model.forward(params, buffers, Map.of(model.inputs().get(0).name(), x), Mode.TRAIN, i);
        LossValue loss = Losses.crossEntropy().evaluate(pass.output(), y);
        model.backward(pass, loss.gradient(), options);
        if (i >= 0) {
          times[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      Arrays.sort(times);
      return times[iterations / 2];
    }
  }
}
