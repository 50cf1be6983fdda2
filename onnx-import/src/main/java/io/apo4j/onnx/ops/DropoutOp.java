package io.apo4j.onnx.ops;

import io.apo4j.api.model.Mode;
import io.apo4j.onnx.graph.Node;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dropout: identity in EVAL mode; in TRAIN mode zeroes elements with probability {@code ratio}
 * (attribute, or input 1 from opset 12) and scales the rest by 1/(1-ratio), with a mask drawn from
 * the pass's per-node seed. The optional mask output is returned too. A graph whose
 * training_mode input (opset 12+) is true drops out in EVAL mode too, as ONNX defines; there the
 * mask comes from the node's seed attribute through numpy's generator ({@link NumpyRandom}), as
 * in ONNX's reference, so such a graph gives the same outputs on every run.
 */
final class DropoutOp implements Op {
  private final double ratioAttr;
  private final Long seedAttr;

  DropoutOp(Node node) {
    ratioAttr = node.attributes().getFloat("ratio", 0.5f);
    seedAttr = node.attributes().has("seed") ? node.attributes().getInt("seed", 0) : null;
  }

  @Override
  public boolean foldable() {
    return false;
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    double ratio = in.length > 1 && in[1] != null ? in[1].getDouble(0) : ratioAttr;
    INDArray x = in[0];
    boolean graphTraining = in.length > 2 && in[2] != null && !in[2].isEmpty() && in[2].getDouble(0) != 0;
    if (ctx.mode() == Mode.EVAL && !graphTraining || ratio == 0) {
      ctx.save(null);
      return new INDArray[] {x, Tensors.create(new double[(int) x.length()], x.shape(), DataType.BOOL).assign(true)};
    }
    java.util.function.DoubleSupplier random = ctx.mode() == Mode.EVAL
        ? new NumpyRandom(seedAttr != null ? seedAttr : ctx.seed())::nextDouble
        : new SplittableRandom(ctx.seed())::nextDouble;
    double[] v = Tensors.values(x);
    double[] mask = new double[v.length];
    double scale = 1 / (1 - ratio);
    for (int i = 0; i < v.length; i++) {
      mask[i] = random.getAsDouble() >= ratio ? scale : 0;
      v[i] = v[i] * mask[i];
    }
    INDArray m = Tensors.create(mask, x.shape(), x.dataType());
    ctx.save(m);
    return new INDArray[] {Tensors.create(v, x.shape(), x.dataType()), Tensors.create(mask, x.shape(), DataType.BOOL)};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray mask = ctx.saved(INDArray.class);
    INDArray[] grads = new INDArray[in.length];
    grads[0] = mask == null ? gOut[0] : gOut[0].mul(mask);
    return grads;
  }
}
