package io.apo4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LeNet-5's two convolutions (forward and backward, batch 128) through ND4J's conv2d and
 * conv2d_bp with preallocated outputs: the number that decides which native build
 * (default, oneDNN, oneDNN-AVX512) the launcher should pick. run.sh runs it once per build.
 */
final class ConvBench {
  private ConvBench() {}

  static Map<String, Object> run(Timing.Budget budget) {
    int batch = 128;
    Layer conv1 = new Layer(batch, 1, 28, 28, 6, 5, 2);
    Layer conv2 = new Layer(batch, 6, 14, 14, 16, 5, 0);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("variant", System.getProperty("org.bytedeco.javacpp.platform.extension", "").isEmpty()
        ? "default" : System.getProperty("org.bytedeco.javacpp.platform.extension").substring(1));
    out.put("batch", batch);
    out.put("conv1_conv2_forward_backward", Timing.measure(budget, () -> {
      conv1.forwardBackward();
      conv2.forwardBackward();
    }).json());
    out.put("conv1_conv2_forward", Timing.measure(budget, () -> {
      conv1.forward();
      conv2.forward();
    }).json());
    return out;
  }

  /** One convolution with every array allocated once (ONNX weight layout [out, in, k, k]). */
  private static final class Layer {
    final INDArray x;
    final INDArray w;
    final INDArray b;
    final INDArray y;
    final INDArray dy;
    final INDArray dx;
    final INDArray dw;
    final INDArray db;
    final int[] args;

    Layer(int n, int c, int h, int wd, int out, int k, int pad) {
      x = Nd4j.rand(DataType.FLOAT, n, c, h, wd);
      w = Nd4j.rand(DataType.FLOAT, out, c, k, k).subi(0.5);
      b = Nd4j.rand(DataType.FLOAT, out);
      int oh = h + 2 * pad - k + 1;
      int ow = wd + 2 * pad - k + 1;
      y = Nd4j.create(DataType.FLOAT, n, out, oh, ow);
      dy = Nd4j.rand(DataType.FLOAT, n, out, oh, ow);
      dx = Nd4j.create(DataType.FLOAT, n, c, h, wd);
      dw = Nd4j.create(DataType.FLOAT, out, c, k, k);
      db = Nd4j.create(DataType.FLOAT, out);
      // kH, kW, sH, sW, pH, pW, dH, dW, same-mode, data format (0 = NCHW), weight format (1 = [oC, iC, kH, kW])
      args = new int[] {k, k, 1, 1, pad, pad, 1, 1, 0, 0, 1};
    }

    void forward() {
      Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(y).addIntegerArguments(args).build());
    }

    void forwardBackward() {
      forward();
      Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, dy).addOutputs(dx, dw, db)
          .addIntegerArguments(args).build());
    }
  }
}
