package io.apo4j.onnx.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ungrouped 2-D convolutions with symmetric padding through ND4J's native {@code conv2d} and
 * {@code conv2d_bp}, which the oneDNN builds of ND4J (chosen by the launcher) run ~10x faster
 * than the Java im2col of {@link Conv2d} (docs/performance.md). Everything else stays on im2col.
 */
final class NativeConv {
  private NativeConv() {}

  static boolean applies(Conv2d geometry, INDArray x, INDArray w, INDArray bias) {
    int[] p = geometry.pads();
    DataType t = x.dataType();
    // dilated convolutions fail in ND4J's conv2d (pytorch-converted__test_Conv2d_dilated: "Op [conv2d]
    // execution failed" for k3 s2 p1 d2 on 8x8); they stay on im2col
    boolean undilated = geometry.dilations()[0] == 1 && geometry.dilations()[1] == 1;
    return undilated && geometry.group() == 1 && p[0] == p[2] && p[1] == p[3] && x.rank() == 4 && w.rank() == 4
        && (t == DataType.FLOAT || t == DataType.DOUBLE) && w.dataType() == t
        && (bias == null || bias.dataType() == t && bias.rank() == 1);
  }

  static INDArray forward(Conv2d g, INDArray x, INDArray w, INDArray bias, long oh, long ow) {
    INDArray y = Nd4j.createUninitialized(x.dataType(), x.size(0), w.size(0), oh, ow);
    DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d").addInputs(inputs(x, w, bias))
        .addOutputs(y).addIntegerArguments(args(g));
    Nd4j.exec(op.build());
    return y;
  }

  /** {dX, dW (shaped like w), dB or null}; conv2d_bp always computes dX. */
  static INDArray[] backward(Conv2d g, INDArray x, INDArray w, INDArray bias, INDArray gy) {
    INDArray dx = Nd4j.createUninitialized(x.dataType(), x.shape());
    INDArray dw = Nd4j.createUninitialized(w.dataType(), w.shape());
    INDArray db = bias == null ? null : Nd4j.createUninitialized(bias.dataType(), bias.shape());
    INDArray[] in = bias == null ? new INDArray[] {x, w, gy} : new INDArray[] {x, w, bias, gy};
    INDArray[] out = bias == null ? new INDArray[] {dx, dw} : new INDArray[] {dx, dw, db};
    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(in).addOutputs(out).addIntegerArguments(args(g))
        .build());
    return new INDArray[] {dx, dw, db};
  }

  private static INDArray[] inputs(INDArray x, INDArray w, INDArray bias) {
    return bias == null ? new INDArray[] {x, w} : new INDArray[] {x, w, bias};
  }

  /** kH, kW, sH, sW, pH, pW, dH, dW, same-mode (0: explicit pads), NCHW (0), weights [oC, iC, kH, kW] (1). */
  private static int[] args(Conv2d g) {
    return new int[] {g.kernel()[0], g.kernel()[1], g.strides()[0], g.strides()[1], g.pads()[0], g.pads()[1],
        g.dilations()[0], g.dilations()[1], 0, 0, 1};
  }
}
