package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Relu on direct buffers: the hottest elementwise op of MLPs and CNNs, so it avoids boxing to double[]. */
final class ReluOp implements Op {
  private static final int CHUNK = 8192;

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    INDArray x = Tensors.contiguous(in[0]);
    if (!FastBuffers.supported(x)) {
      return new UnaryOps.Elementwise(ScalarFunctions.byName("Relu")).forward(ctx, in);
    }
    INDArray y = ArrayPool.uninitializedLike(x);
    int n = (int) x.length();
    if (x.dataType() == DataType.FLOAT) {
      // chunks on the heap: bulk copies plus a loop the JIT vectorises (per-element NIO access is not)
      FloatBuffer a = FastBuffers.floats(x);
      FloatBuffer b = FastBuffers.floats(y);
      float[] chunk = new float[Math.min(n, CHUNK)];
      for (int start = 0; start < n; start += CHUNK) {
        int len = Math.min(CHUNK, n - start);
        a.get(start, chunk, 0, len);
        for (int i = 0; i < len; i++) {
          float v = chunk[i];
          chunk[i] = v > 0 ? v : 0f;
        }
        b.put(start, chunk, 0, len);
      }
    } else {
      DoubleBuffer a = FastBuffers.doubles(x);
      DoubleBuffer b = FastBuffers.doubles(y);
      for (int i = 0; i < n; i++) {
        double v = a.get(i);
        b.put(i, v > 0 ? v : 0);
      }
    }
    FastBuffers.keep(x, y);
    return new INDArray[] {y};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray y = Tensors.contiguous(out[0]);
    INDArray g = Tensors.contiguous(gOut[0]);
    if (!FastBuffers.supported(y) || g.dataType() != y.dataType()) {
      return new UnaryOps.Elementwise(ScalarFunctions.byName("Relu")).backward(ctx, in, out, gOut);
    }
    INDArray gx = ArrayPool.uninitializedLike(y);
    int n = (int) y.length();
    if (y.dataType() == DataType.FLOAT) {
      FloatBuffer a = FastBuffers.floats(y);
      FloatBuffer gb = FastBuffers.floats(g);
      FloatBuffer b = FastBuffers.floats(gx);
      float[] act = new float[Math.min(n, CHUNK)];
      float[] grad = new float[act.length];
      for (int start = 0; start < n; start += CHUNK) {
        int len = Math.min(CHUNK, n - start);
        a.get(start, act, 0, len);
        gb.get(start, grad, 0, len);
        for (int i = 0; i < len; i++) {
          grad[i] = act[i] > 0 ? grad[i] : 0f;
        }
        b.put(start, grad, 0, len);
      }
    } else {
      DoubleBuffer a = FastBuffers.doubles(y);
      DoubleBuffer gb = FastBuffers.doubles(g);
      DoubleBuffer b = FastBuffers.doubles(gx);
      for (int i = 0; i < n; i++) {
        b.put(i, a.get(i) > 0 ? gb.get(i) : 0);
      }
    }
    FastBuffers.keep(y, g, gx);
    return new INDArray[] {gx};
  }
}
