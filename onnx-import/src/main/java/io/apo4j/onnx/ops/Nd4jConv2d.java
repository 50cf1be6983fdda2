package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast path of {@link ConvOp}: ND4J's native {@code conv2d} / {@code conv2d_bp} (oneDNN where
 * the native build has it) for one group and symmetric pads, NCHW input and OIHW weight. Outputs
 * come from the {@link ArrayPool}: oneDNN reorders even an output array into its own layout
 * before computing, and on fresh memory those page faults cost more than the reorder (0.8 ms on
 * LeNet's first layer).
 */
final class Nd4jConv2d {
  private Nd4jConv2d() {}

  /** Whether the native kernels cover this geometry and type. */
  static boolean applies(Conv2d c, INDArray x, INDArray w) {
    DataType t = x.dataType();
    // ND4J's conv2d fails on dilated convolutions (pytorch-converted__test_Conv2d_dilated); im2col runs them
    boolean undilated = c.dilations()[0] == 1 && c.dilations()[1] == 1;
    return undilated && c.group() == 1 && c.pads()[0] == c.pads()[2] && c.pads()[1] == c.pads()[3] && x.rank() == 4
        && (t == DataType.FLOAT || t == DataType.DOUBLE) && w.dataType() == t;
  }

  private static int[] iArgs(Conv2d c) {
    int[] k = c.kernel();
    return new int[] {k[0], k[1], c.strides()[0], c.strides()[1], c.pads()[0], c.pads()[1], c.dilations()[0],
        c.dilations()[1], 0, 0, 1};
  }

  static INDArray forward(Conv2d c, INDArray x, INDArray w, INDArray bias) {
    int oh = Conv2d.outSize((int) x.size(2), c.kernel()[0], c.strides()[0], c.pads()[0], c.pads()[2], c.dilations()[0]);
    int ow = Conv2d.outSize((int) x.size(3), c.kernel()[1], c.strides()[1], c.pads()[1], c.pads()[3], c.dilations()[1]);
    if (oh <= 0 || ow <= 0) {
      throw new OpException("input " + x.size(2) + "x" + x.size(3) + " is smaller than the (dilated) kernel; expected"
          + " a positive output size");
    }
    INDArray y = ArrayPool.uninitialized(x.dataType(), x.size(0), w.size(0), oh, ow);
    INDArray[] inputs = bias == null ? new INDArray[] {Tensors.contiguous(x), Tensors.contiguous(w)}
        : new INDArray[] {Tensors.contiguous(x), Tensors.contiguous(w), Tensors.contiguous(bias).castTo(x.dataType())};
    Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(inputs).addOutputs(y).addIntegerArguments(iArgs(c)).build());
    return y;
  }

  /** {dX, dW, dB or null}. */
  static INDArray[] backward(Conv2d c, INDArray x, INDArray w, INDArray bias, INDArray gy) {
    INDArray dx = ArrayPool.uninitialized(x.dataType(), x.shape());
    INDArray dw = ArrayPool.uninitialized(w.dataType(), w.shape());
    INDArray db = bias == null ? null : ArrayPool.uninitialized(x.dataType(), bias.length());
    INDArray[] inputs = bias == null
        ? new INDArray[] {Tensors.contiguous(x), Tensors.contiguous(w), Tensors.contiguous(gy)}
        : new INDArray[] {Tensors.contiguous(x), Tensors.contiguous(w), Tensors.contiguous(bias).castTo(x.dataType()),
            Tensors.contiguous(gy)};
    INDArray[] outputs = bias == null ? new INDArray[] {dx, dw} : new INDArray[] {dx, dw, db};
    Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs)
        .addIntegerArguments(iArgs(c)).build());
    return new INDArray[] {dx, dw, db == null ? null : db.reshape(bias.shape())};
  }
}
