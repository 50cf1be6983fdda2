package io.apo4j.onnx.ops;

import io.apo4j.onnx.ops.UnaryOps.Fn;

/** The parameter-free scalar functions of {@link UnaryOps}, with derivatives. */
final class ScalarFunctions {
  private static final double SQRT_2 = Math.sqrt(2);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
  private static final double GELU_C = Math.sqrt(2 / Math.PI);

  static final Fn GELU = UnaryOps.of(x -> 0.5 * x * (1 + erf(x / SQRT_2)),
      (x, y) -> 0.5 * (1 + erf(x / SQRT_2)) + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI);

  static final Fn GELU_TANH = UnaryOps.of(x -> 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x))),
      (x, y) -> {
        double t = Math.tanh(GELU_C * (x + 0.044715 * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * x * x);
      });

  private ScalarFunctions() {}

  static Fn byName(String op) {
    return switch (op) {
      case "Relu" -> UnaryOps.of(x -> x > 0 ? x : 0, (x, y) -> x > 0 ? 1 : 0);
      case "Sigmoid" -> UnaryOps.of(ScalarFunctions::sigmoid, (x, y) -> y * (1 - y));
      case "Tanh" -> UnaryOps.of(Math::tanh, (x, y) -> 1 - y * y);
      case "Exp" -> UnaryOps.of(Math::exp, (x, y) -> y);
      case "Log" -> UnaryOps.of(Math::log, (x, y) -> 1 / x);
      case "Sqrt" -> UnaryOps.of(Math::sqrt, (x, y) -> 0.5 / y);
      case "Neg" -> UnaryOps.of(x -> -x, (x, y) -> -1);
      case "Abs" -> UnaryOps.of(Math::abs, (x, y) -> Math.signum(x));
      case "Reciprocal" -> UnaryOps.of(x -> 1 / x, (x, y) -> -y * y);
      case "Erf" -> UnaryOps.of(ScalarFunctions::erf, (x, y) -> TWO_OVER_SQRT_PI * Math.exp(-x * x));
      case "Softplus" -> UnaryOps.of(x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), (x, y) -> sigmoid(x));
      case "Softsign" -> UnaryOps.of(x -> x / (1 + Math.abs(x)), (x, y) -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))));
      case "HardSwish" -> UnaryOps.of(x -> x * Math.max(0, Math.min(1, x / 6 + 0.5)),
          (x, y) -> x < -3 ? 0 : x > 3 ? 1 : x / 3 + 0.5);
      case "Mish" -> UnaryOps.of(x -> x * Math.tanh(softplus(x)), (x, y) -> {
        double t = Math.tanh(softplus(x));
        return t + x * (1 - t * t) * sigmoid(x);
      });
      case "Sin" -> UnaryOps.of(Math::sin, (x, y) -> Math.cos(x));
      case "Cos" -> UnaryOps.of(Math::cos, (x, y) -> -Math.sin(x));
      case "Floor" -> UnaryOps.of(Math::floor, (x, y) -> 0);
      case "Ceil" -> UnaryOps.of(Math::ceil, (x, y) -> 0);
      case "Round" -> UnaryOps.of(Math::rint, (x, y) -> 0);
      case "Sign" -> UnaryOps.of(Math::signum, (x, y) -> 0);
      case "Tan" -> UnaryOps.of(Math::tan, (x, y) -> 1 + y * y);
      case "Asin" -> UnaryOps.of(Math::asin, (x, y) -> 1 / Math.sqrt(1 - x * x));
      case "Acos" -> UnaryOps.of(Math::acos, (x, y) -> -1 / Math.sqrt(1 - x * x));
      case "Atan" -> UnaryOps.of(Math::atan, (x, y) -> 1 / (1 + x * x));
      case "Sinh" -> UnaryOps.of(Math::sinh, (x, y) -> Math.cosh(x));
      case "Cosh" -> UnaryOps.of(Math::cosh, (x, y) -> Math.sinh(x));
      case "Asinh" -> UnaryOps.of(x -> Math.log(x + Math.sqrt(x * x + 1)), (x, y) -> 1 / Math.sqrt(x * x + 1));
      case "Acosh" -> UnaryOps.of(x -> Math.log(x + Math.sqrt(x * x - 1)), (x, y) -> 1 / Math.sqrt(x * x - 1));
      case "Atanh" -> UnaryOps.of(x -> 0.5 * Math.log((1 + x) / (1 - x)), (x, y) -> 1 / (1 - x * x));
      default -> throw new IllegalArgumentException("no scalar function " + op);
    };
  }

  static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }

  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** erf on a grid of spacing 1/ERF_STEPS over [0, 6], and 2/sqrt(pi) e^(-x^2) there (Taylor centres). */
  private static final int ERF_STEPS = 64;
  private static final double[] ERF_AT = new double[6 * ERF_STEPS + 1];
  private static final double[] ERF_SLOPE_AT = new double[ERF_AT.length];
  /** Taylor terms: with |x - x0| <= 1/128 the ninth is below 1e-20 of erf everywhere. */
  private static final int ERF_TERMS = 9;
  private static final double[] INVERSE = new double[ERF_TERMS + 1];

  static {
    for (int n = 1; n < INVERSE.length; n++) {
      INVERSE[n] = 1.0 / n;
    }
    for (int k = 0; k < ERF_AT.length; k++) {
      double x0 = (double) k / ERF_STEPS;
      ERF_AT[k] = erfSeries(x0);
      ERF_SLOPE_AT[k] = TWO_OVER_SQRT_PI * Math.exp(-x0 * x0);
    }
  }

  /**
   * The error function to double precision (|error| below 1e-16 relative): a Taylor expansion about
   * the nearest grid point x0 (|x - x0| <= 1/128), erf(x0 + d) = erf(x0) + 2/sqrt(pi) e^(-x0^2)
   * sum_n (-1)^n H_n(x0) d^(n+1) / (n+1)! with Hermite polynomials H_n, nine terms. Why: the
   * plain series needs up to ~80 terms near |x| = 6 and made GELU the transformer's hottest op.
   */
  static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    if (ax >= 6) {
      return Math.signum(x);
    }
    int k = (int) Math.rint(ax * ERF_STEPS);
    double x0 = k * (1.0 / ERF_STEPS); // exact: the step is a power of two
    double d = ax - x0;
    double hPrev = 1;
    double h = 2 * x0;
    double term = d;
    double sum = term;
    term *= d * 0.5;
    sum -= h * term;
    double sign = 1;
    for (int n = 2; n < ERF_TERMS; n++) {
      double hNext = 2 * x0 * h - 2 * (n - 1) * hPrev;
      hPrev = h;
      h = hNext;
      term *= d * INVERSE[n + 1];
      sum += sign * h * term;
      sign = -sign;
    }
    double r = Math.min(ERF_AT[k] + ERF_SLOPE_AT[k] * sum, 1);
    return x < 0 ? -r : r;
  }

  /**
   * erf(x) for x >= 0 from its series 2/sqrt(pi) e^(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!, positive terms
   * (no cancellation) to full double precision; slow for large x, so it only fills the grid.
   */
  static double erfSeries(double ax) {
    double term = ax;
    double sum = ax;
    double x2 = 2 * ax * ax;
    for (int n = 1; n < 500 && term > sum * 1e-17; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
    }
    return Math.min(TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * sum, 1);
  }
}
