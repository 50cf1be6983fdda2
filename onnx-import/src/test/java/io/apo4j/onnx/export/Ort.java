package io.apo4j.onnx.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ONNX Runtime as the independent engine: runs a model file on float32 inputs. */
final class Ort {
  private Ort() {}

  /** The first output of {@code model} on {@code input} (fed to the model's first input). */
  static INDArray run(Path model, INDArray input) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      opts.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model.toString(), opts)) {
        String name = session.getInputNames().iterator().next();
        float[] data = input.castTo(DataType.FLOAT).dup('c').data().asFloat();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), input.shape());
            OrtSession.Result r = session.run(Map.of(name, t))) {
          OnnxTensor out = (OnnxTensor) r.get(0);
          FloatBuffer fb = out.getFloatBuffer();
          float[] values = new float[fb.remaining()];
          fb.get(values);
          return Nd4j.create(values, out.getInfo().getShape(), 'c');
        }
      }
    }
  }
}
