package io.apo4j.host.report;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.apo4j.api.Apo4jException;
import io.apo4j.api.data.Batch;
import io.apo4j.api.loss.Loss;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs an exported ONNX file with ONNX Runtime (an independent engine) on a batch, and scores its
 * first output with the run's loss: a check that what was exported is what was trained.
 */
public final class OrtEvaluation {
  private OrtEvaluation() {}

  /** The result; accuracy is NaN for value targets. */
  public record Result(double loss, double accuracy, int examples, String runtimeVersion) {}

  public static Result evaluate(Path model, Batch batch, Loss loss, boolean classTargets) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model.toString(), options)) {
        Map.Entry<String, INDArray> input = batch.inputs().entrySet().iterator().next();
        try (OnnxTensor tensor = tensor(env, input.getValue());
             OrtSession.Result result = session.run(Map.of(input.getKey(), tensor))) {
          INDArray output = toArray((OnnxTensor) result.get(0));
          double value = loss.evaluate(output, batch.targets()).value();
          double accuracy = classTargets ? accuracy(output, batch.targets()) : Double.NaN;
          return new Result(value, accuracy, batch.size(), env.getVersion());
        }
      }
    } catch (OrtException e) {
      throw new Apo4jException(model + ": ONNX Runtime cannot run the exported model; " + e.getMessage(), e);
    }
  }

  /** Fraction of rows whose arg-max equals the class index. */
  public static double accuracy(INDArray logits, INDArray labels) {
    INDArray predicted = Nd4j.argMax(logits, 1);
    long n = logits.size(0);
    long correct = 0;
    for (long i = 0; i < n; i++) {
      if (predicted.getLong(i) == (long) labels.getDouble(i)) {
        correct++;
      }
    }
    return (double) correct / n;
  }

  private static OnnxTensor tensor(OrtEnvironment env, INDArray a) throws OrtException {
    INDArray c = a.dup('c');
    if (a.dataType() == DataType.LONG) {
      return OnnxTensor.createTensor(env, LongBuffer.wrap(c.data().asLong()), a.shape());
    }
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(c.castTo(DataType.FLOAT).data().asFloat()), a.shape());
  }

  private static INDArray toArray(OnnxTensor t) {
    long[] shape = t.getInfo().getShape();
    FloatBuffer b = t.getFloatBuffer();
    float[] v = new float[b.remaining()];
    b.get(v);
    return Nd4j.create(v, shape, 'c');
  }
}
