package io.apo4j.bench;

import io.apo4j.api.kernels.Blas;
import io.apo4j.api.kernels.Fused;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * mlp_fmnist's SGD step written directly on {@code io.apo4j.api.kernels} with every array
 * allocated once: the floor the importer's generic graph executor can approach on this machine.
 * Same shapes and arithmetic as the ONNX model (784-256-128-10, Gemm with transB, ReLU,
 * mean cross-entropy, p -= lr * g).
 */
final class KernelMlp {
  private final int[] sizes = {784, 256, 128, 10};
  private final INDArray x;
  private final INDArray labels;
  private final INDArray[] w = new INDArray[3];
  private final INDArray[] b = new INDArray[3];
  private final INDArray[] dw = new INDArray[3];
  private final INDArray[] db = new INDArray[3];
  private final INDArray[] act = new INDArray[4];
  private final INDArray[] grad = new INDArray[4];
  private final double lr;

  KernelMlp(int batch, double lr, long seed) {
    this.lr = lr;
    Random random = new Random(seed);
    x = Nd4j.rand(DataType.FLOAT, batch, 784);
    float[] y = new float[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = random.nextInt(10);
    }
    labels = Nd4j.createFromArray(y);
    act[0] = x;
    for (int l = 0; l < 3; l++) {
      w[l] = Nd4j.rand(DataType.FLOAT, sizes[l + 1], sizes[l]).subi(0.5).muli(2 / Math.sqrt(sizes[l]));
      b[l] = Nd4j.zeros(DataType.FLOAT, sizes[l + 1]);
      dw[l] = Nd4j.create(DataType.FLOAT, sizes[l + 1], sizes[l]);
      db[l] = Nd4j.create(DataType.FLOAT, sizes[l + 1]);
      act[l + 1] = Nd4j.create(DataType.FLOAT, batch, sizes[l + 1]);
      grad[l + 1] = Nd4j.create(DataType.FLOAT, batch, sizes[l + 1]);
    }
  }

  /** One forward, backward and SGD update; returns the loss. */
  double step() {
    for (int l = 0; l < 3; l++) {
      Blas.gemm(act[l], false, w[l], true, act[l + 1], 1, 0);
      Fused.biasActivation(act[l + 1], b[l], l < 2, act[l + 1]);
    }
    double loss = Fused.softmaxCrossEntropy(act[3], labels, grad[3]);
    for (int l = 2; l >= 0; l--) {
      Blas.gemm(grad[l + 1], true, act[l], false, dw[l], 1, 0);
      Fused.columnSums(grad[l + 1], db[l]);
      if (l > 0) {
        Blas.gemm(grad[l + 1], false, w[l], false, grad[l], 1, 0);
        Fused.reluBackward(grad[l], act[l], grad[l]);
      }
    }
    for (int l = 0; l < 3; l++) {
      Blas.axpy(-lr, dw[l], w[l]);
      Blas.axpy(-lr, db[l], b[l]);
    }
    return loss;
  }
}
