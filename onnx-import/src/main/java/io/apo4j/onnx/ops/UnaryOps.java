package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Attributes;
import io.apo4j.onnx.graph.Node;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elementwise unary operators: each is a scalar function and its derivative, written in terms of
 * the input x and the output y, run in plain Java loops (cheaper than ND4J op dispatch at these sizes).
 */
public final class UnaryOps {
  /** Operators of this family. */
  public static final List<String> NAMES = List.of("Relu", "LeakyRelu", "Elu", "Selu", "Celu", "Sigmoid",
      "HardSigmoid", "HardSwish", "Tanh", "Exp", "Log", "Sqrt", "Neg", "Abs", "Reciprocal", "Erf", "Gelu",
      "Softplus", "Softsign", "Mish", "Sin", "Cos", "Floor", "Ceil", "Round", "Sign", "Tan", "Asin", "Acos", "Atan",
      "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "Shrink", "ThresholdedRelu");

  /** A scalar function with its derivative dy/dx, given x and y = f(x). */
  interface Fn {
    double f(double x);

    double df(double x, double y);
  }

  private UnaryOps() {}

  static List<String> attributes(String op) {
    return switch (op) {
      case "LeakyRelu", "Elu", "Celu" -> List.of("alpha");
      case "Selu" -> List.of("alpha", "gamma");
      case "HardSigmoid" -> List.of("alpha", "beta");
      case "Gelu" -> List.of("approximate");
      case "Shrink" -> List.of("lambd", "bias");
      case "ThresholdedRelu" -> List.of("alpha");
      default -> List.of();
    };
  }

  static Op create(Node node) {
    Fn fn = function(node.opType(), node.attributes());
    return node.opType().equals("Relu") ? new ReluOp() : new Elementwise(fn);
  }

  static Fn function(String op, Attributes a) {
    return switch (op) {
      case "LeakyRelu" -> leakyRelu(a.getFloat("alpha", 0.01f));
      case "Elu" -> elu(a.getFloat("alpha", 1f));
      case "Selu" -> selu(a.getFloat("alpha", 1.67326319217681884765625f), a.getFloat("gamma", 1.05070102214813232421875f));
      case "Celu" -> celu(a.getFloat("alpha", 1f));
      case "HardSigmoid" -> hardSigmoid(a.getFloat("alpha", 0.2f), a.getFloat("beta", 0.5f));
      case "Shrink" -> shrink(a.getFloat("lambd", 0.5f), a.getFloat("bias", 0f));
      case "ThresholdedRelu" -> {
        double alpha = a.getFloat("alpha", 1f);
        yield of(x -> x > alpha ? x : 0, (x, y) -> x > alpha ? 1 : 0);
      }
      case "Gelu" -> switch (a.getString("approximate", "none")) {
        case "none" -> ScalarFunctions.GELU;
        case "tanh" -> ScalarFunctions.GELU_TANH;
        default -> throw a.unsupported("approximate", "none, tanh");
      };
      default -> ScalarFunctions.byName(op);
    };
  }

  static Fn leakyRelu(double alpha) {
    return of(x -> x > 0 ? x : alpha * x, (x, y) -> x > 0 ? 1 : alpha);
  }

  static Fn elu(double alpha) {
    return of(x -> x > 0 ? x : alpha * Math.expm1(x), (x, y) -> x > 0 ? 1 : y + alpha);
  }

  static Fn selu(double alpha, double gamma) {
    return of(x -> gamma * (x > 0 ? x : alpha * Math.expm1(x)), (x, y) -> gamma * (x > 0 ? 1 : alpha * Math.exp(x)));
  }

  static Fn celu(double alpha) {
    return of(x -> Math.max(0, x) + Math.min(0, alpha * Math.expm1(x / alpha)), (x, y) -> x > 0 ? 1 : Math.exp(x / alpha));
  }

  static Fn hardSigmoid(double alpha, double beta) {
    return of(x -> Math.max(0, Math.min(1, alpha * x + beta)), (x, y) -> {
      double v = alpha * x + beta;
      return v > 0 && v < 1 ? alpha : 0;
    });
  }

  static Fn shrink(double lambd, double bias) {
    return of(x -> x < -lambd ? x + bias : x > lambd ? x - bias : 0, (x, y) -> x < -lambd || x > lambd ? 1 : 0);
  }

  static Fn of(java.util.function.DoubleUnaryOperator f, java.util.function.DoubleBinaryOperator df) {
    return new Fn() {
      @Override
      public double f(double x) {
        return f.applyAsDouble(x);
      }

      @Override
      public double df(double x, double y) {
        return df.applyAsDouble(x, y);
      }
    };
  }

  /** Applies a {@link Fn} elementwise; gradient gx = gy * f'(x). */
  static final class Elementwise implements Op {
    private final Fn fn;

    Elementwise(Fn fn) {
      this.fn = fn;
    }

    @Override
    public INDArray[] forward(OpContext ctx, INDArray[] in) {
      INDArray input = Tensors.contiguous(in[0]);
      if (FastBuffers.supported(input)) {
        return new INDArray[] {DirectMap.forward(fn, input)};
      }
      double[] x = Tensors.values(in[0]);
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = fn.f(x[i]);
      }
      return new INDArray[] {Tensors.create(y, in[0].shape(), in[0].dataType())};
    }

    @Override
    public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
      if (!Tensors.isFloat(in[0])) {
        return new INDArray[1];
      }
      INDArray input = Tensors.contiguous(in[0]);
      INDArray output = Tensors.contiguous(out[0]);
      INDArray gradOut = Tensors.contiguous(gOut[0]);
      if (FastBuffers.supported(input) && FastBuffers.supported(output) && FastBuffers.supported(gradOut)
          && output.dataType() == input.dataType() && gradOut.dataType() == input.dataType()) {
        return new INDArray[] {DirectMap.backward(fn, input, output, gradOut)};
      }
      double[] x = Tensors.values(in[0]);
      double[] y = Tensors.values(out[0]);
      double[] g = Tensors.values(gOut[0]);
      double[] gx = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        gx[i] = g[i] * fn.df(x[i], y[i]);
      }
      return new INDArray[] {Tensors.create(gx, in[0].shape(), in[0].dataType())};
    }
  }
}
