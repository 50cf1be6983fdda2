package io.apo4j.host.train;

import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Loss;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TrainableModel;
import io.apo4j.host.data.Dataset;
import io.apo4j.host.report.OrtEvaluation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Test-split evaluation in {@link Mode#EVAL}: the loss (mean over all examples) and, for class
 * targets, the accuracy. Up to {@link #CHUNK} examples go through in one pass (the whole slice, as
 * the reference traces do); larger sets are split and the means combined by example count.
 */
final class Evaluator {
  static final int CHUNK = 1024;
  private final TrainableModel model;
  private final Loss loss;
  private final Dataset data;
  private final String inputName;
  private final long[] inputShape;

  /** Test metrics at one step. */
  record Result(double loss, double accuracy) {}

  Evaluator(TrainableModel model, Loss loss, Dataset data, String inputName, long[] inputShape) {
    this.model = model;
    this.loss = loss;
    this.data = data;
    this.inputName = inputName;
    this.inputShape = inputShape;
  }

  Result evaluate(TensorMap params, TensorMap buffers) {
    double lossSum = 0;
    double correct = 0;
    for (int start = 0; start < data.size(); start += CHUNK) {
      int end = Math.min(data.size(), start + CHUNK);
      long[] rows = new long[end - start];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = start + i;
      }
      Batch batch = data.batch(rows, inputName, inputShape);
      ForwardPass pass = model.forward(params, buffers, batch.inputs(), Mode.EVAL, 0);
      pass.release(); // only the output is read
      INDArray out = pass.output();
      lossSum += loss.evaluate(out, batch.targets()).value() * rows.length;
      if (data.classTargets()) {
        correct += OrtEvaluation.accuracy(out, batch.targets()) * rows.length;
      }
    }
    return new Result(lossSum / data.size(), data.classTargets() ? correct / data.size() : Double.NaN);
  }

  /** The whole split as one batch (for ONNX Runtime). */
  Batch all() {
    return data.all(inputName, inputShape);
  }

  boolean classTargets() {
    return data.classTargets();
  }
}
