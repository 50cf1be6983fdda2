package io.apo4j.testkit.model;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.ConvGeometry;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.WeightLayout;
import io.apo4j.testkit.model.TinyNet.Activation;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One layer of a {@link TinyNet}: a dense layer (weight stored out x in or in x out) or a 3x3
 * convolution with stride 1 and no padding whose output is flattened channel-major, each followed by
 * an activation. Parameters are {@code NAME.weight} and {@code NAME.bias}.
 */
sealed interface TinyLayer {
  /** What a layer's backward pass needs from its forward pass. */
  record Activations(INDArray input, INDArray cols, INDArray pre, INDArray output) {}

  String name();

  long outputs();

  KroneckerLayer kronecker();

  Activations forward(TensorMap params, INDArray x);

  /**
   * Adds this layer's gradients (and its tap, when {@code taps} is not null) and returns the
   * gradient of its input, or null when {@code inputGradient} is false.
   */
  INDArray backward(TensorMap params, Activations a, INDArray dOut, TensorMap.Builder grads,
      Map<String, LayerTap> taps, boolean inputGradient);

  default String weight() {
    return name() + ".weight";
  }

  default String bias() {
    return name() + ".bias";
  }

  static INDArray activate(Activation f, INDArray pre) {
    return switch (f) {
      case NONE -> pre;
      case RELU -> pre.mul(pre.gt(0).castTo(pre.dataType()));
      case TANH -> Transforms.tanh(pre, true);
    };
  }

  /** dL/dpre from dL/doutput. */
  static INDArray derivative(Activation f, INDArray pre, INDArray output, INDArray dOut) {
    return switch (f) {
      case NONE -> dOut.dup();
      case RELU -> dOut.mul(pre.gt(0).castTo(dOut.dataType()));
      case TANH -> dOut.mul(output.mul(output).rsubi(1));
    };
  }

  /** y = f(x W^T + b) for OUT_IN weights, f(x W + b) for IN_OUT. */
  record Dense(String name, long inputs, long outputs, Activation activation, WeightLayout layout)
      implements TinyLayer {
    @Override
    public KroneckerLayer kronecker() {
      return new KroneckerLayer(name, LayerKind.DENSE, weight(), bias(), (int) outputs, (int) inputs, layout, null);
    }

    @Override
    public Activations forward(TensorMap p, INDArray x) {
      boolean outIn = layout == WeightLayout.OUT_IN;
      INDArray pre = Nd4j.gemm(x, p.get(weight()), false, outIn).addiRowVector(p.get(bias()));
      return new Activations(x, null, pre, activate(activation, pre));
    }

    @Override
    public INDArray backward(TensorMap p, Activations a, INDArray dOut, TensorMap.Builder grads,
        Map<String, LayerTap> taps, boolean inputGradient) {
      boolean outIn = layout == WeightLayout.OUT_IN;
      INDArray dPre = derivative(activation, a.pre(), a.output(), dOut);
      grads.put(weight(), outIn ? Nd4j.gemm(dPre, a.input(), true, false) : Nd4j.gemm(a.input(), dPre, true, false));
      grads.put(bias(), dPre.sum(0));
      if (taps != null) {
        taps.put(name, new LayerTap(a.input(), dPre));
      }
      return inputGradient ? Nd4j.gemm(dPre, p.get(weight()), false, !outIn) : null;
    }
  }

  /**
   * Conv(channels x side x side -> filters x (side-2) x (side-2), kernel 3), computed as im2col
   * (Java loops) times the weight read as filters x (channels*9): exactly the matrix view of a CONV
   * Kronecker layer. Its output is flattened to n x (filters * positions); it must come first.
   */
  record Conv(String name, int channels, int side, int filters, Activation activation) implements TinyLayer {
    static final int K = 3;

    int outSide() {
      return side - K + 1;
    }

    int positions() {
      return outSide() * outSide();
    }

    @Override
    public long outputs() {
      return (long) filters * positions();
    }

    @Override
    public KroneckerLayer kronecker() {
      ConvGeometry g = new ConvGeometry(new int[] {K, K}, new int[] {1, 1}, new int[] {0, 0, 0, 0}, new int[] {1, 1});
      return new KroneckerLayer(name, LayerKind.CONV, weight(), bias(), filters, channels * K * K,
          WeightLayout.CONV_OIHW, g);
    }

    @Override
    public Activations forward(TensorMap p, INDArray x) {
      int n = (int) x.size(0);
      INDArray cols = im2col(x);
      INDArray w = p.get(weight()).reshape('c', filters, (long) channels * K * K);
      INDArray z = Nd4j.gemm(cols, w, false, true).addiRowVector(p.get(bias()));
      // z is (n * positions) x filters; the flattened activation is n x (filters * positions), channel-major
      INDArray pre = z.reshape('c', n, positions(), filters).permute(0, 2, 1).dup('c').reshape('c', n, outputs());
      return new Activations(x, cols, pre, activate(activation, pre));
    }

    @Override
    public INDArray backward(TensorMap p, Activations a, INDArray dOut, TensorMap.Builder grads,
        Map<String, LayerTap> taps, boolean inputGradient) {
      if (inputGradient) {
        throw new UnsupportedOperationException("TinyNet conv layer '" + name + "': must be the first layer");
      }
      int n = (int) a.input().size(0);
      INDArray dPre = derivative(activation, a.pre(), a.output(), dOut);
      INDArray dz = dPre.reshape('c', n, filters, positions()).permute(0, 2, 1).dup('c')
          .reshape('c', (long) n * positions(), filters);
      grads.put(weight(), Nd4j.gemm(dz, a.cols(), true, false).reshape('c', filters, channels, K, K));
      grads.put(bias(), dz.sum(0));
      if (taps != null) {
        taps.put(name, new LayerTap(a.input(), dPre.reshape('c', n, filters, outSide(), outSide())));
      }
      return null;
    }

    private INDArray im2col(INDArray x) {
      int n = (int) x.size(0);
      double[] in = x.dup('c').data().asDouble();
      int patch = channels * K * K;
      int out = outSide();
      double[] cols = new double[n * positions() * patch];
      for (int e = 0; e < n; e++) {
        for (int oi = 0; oi < out; oi++) {
          for (int oj = 0; oj < out; oj++) {
            int row = (e * positions() + oi * out + oj) * patch;
            for (int c = 0; c < channels; c++) {
              for (int ki = 0; ki < K; ki++) {
                for (int kj = 0; kj < K; kj++) {
                  cols[row + (c * K + ki) * K + kj] = in[((e * channels + c) * side + oi + ki) * side + oj + kj];
                }
              }
            }
          }
        }
      }
      return Nd4j.create(cols, new long[] {(long) n * positions(), patch}, DataType.DOUBLE).castTo(x.dataType());
    }
  }
}
