package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elementwise binary operators with numpy broadcasting (and the legacy {@code broadcast}/{@code axis}
 * form of opsets before 7): arithmetic, Pow, PRelu, comparisons and logic.
 */
final class BinaryOps implements Op {
  static final List<String> NAMES = List.of("Add", "Sub", "Mul", "Div", "Pow", "PRelu", "Equal", "Greater",
      "Less", "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor");

  private final String op;
  private final int legacyAxis;
  /** PRelu before opset 7: a slope of one value per channel lines up with axis 1, not the last axis. */
  private final boolean channelSlope;
  /** Mod: C's fmod (sign of the dividend) with fmod=1, else the sign of the divisor, as Python's %. */
  private final boolean fmod;
  /** BitShift: towards the high bits (LEFT) or the low bits (RIGHT), on unsigned integers. */
  private final boolean left;

  BinaryOps(Node node) {
    this.op = node.opType();
    this.fmod = node.attributes().getInt("fmod", 0) != 0;
    this.left = node.attributes().getString("direction", "LEFT").equals("LEFT");
    this.channelSlope = op.equals("PRelu") && node.opset() < 7;
    boolean legacy = node.attributes().getInt("broadcast", 0) == 1 && node.attributes().has("axis");
    this.legacyAxis = legacy ? (int) node.attributes().getInt("axis", 0) : Integer.MIN_VALUE;
  }

  private boolean comparison() {
    return switch (op) {
      case "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor" -> true;
      default -> false;
    };
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    INDArray a = in[0];
    INDArray b = alignLegacy(a, in[1]);
    long[] shape = Tensors.broadcastShape(a.shape(), b.shape());
    DataType outType = comparison() ? DataType.BOOL : a.dataType();
    if (b.dataType() != a.dataType() && !comparison()) {
      b = b.castTo(a.dataType());
    }
    if (op.equals("Pow") && PowScalar.applies(a, b) && b.dataType().isFPType()) {
      return new INDArray[] {PowScalar.forward(a, b.getDouble(0))};
    }
    BroadcastArith.Kind kind = arithmetic();
    if (kind != null && BroadcastArith.supports(a, b)) {
      return new INDArray[] {BroadcastArith.apply(kind, a, b, shape)};
    }
    INDArray ea = Tensors.expand(a, shape);
    INDArray eb = Tensors.expand(b, shape);
    if (a.dataType().isFPType() && b.dataType() == a.dataType()) {
      switch (op) {
        case "Add" -> { return new INDArray[] {ea.add(eb)}; }
        case "Sub" -> { return new INDArray[] {ea.sub(eb)}; }
        case "Mul" -> { return new INDArray[] {ea.mul(eb)}; }
        case "Div" -> { return new INDArray[] {ea.div(eb)}; }
        default -> { }
      }
    }
    double[] x = Tensors.values(ea);
    double[] y = Tensors.values(eb);
    double[] z = new double[x.length];
    boolean integer = !outType.isFPType() && outType != DataType.BOOL;
    for (int i = 0; i < z.length; i++) {
      z[i] = apply(x[i], y[i], integer);
    }
    return new INDArray[] {Tensors.create(z, shape, outType)};
  }

  /** The kind for the fast float path, or null for the other operators. */
  private BroadcastArith.Kind arithmetic() {
    return switch (op) {
      case "Add" -> BroadcastArith.Kind.ADD;
      case "Sub" -> BroadcastArith.Kind.SUB;
      case "Mul" -> BroadcastArith.Kind.MUL;
      case "Div" -> BroadcastArith.Kind.DIV;
      default -> null;
    };
  }

  private double apply(double x, double y, boolean integer) {
    return switch (op) {
      case "Add" -> x + y;
      case "Sub" -> x - y;
      case "Mul" -> x * y;
      case "Div" -> integer ? (double) ((long) x / (long) y) : x / y;
      case "Pow" -> Math.pow(x, y);
      case "Mod" -> fmod ? (integer ? (double) ((long) x % (long) y) : x % y)
          : integer ? (double) Math.floorMod((long) x, (long) y) : x - Math.floor(x / y) * y;
      case "PRelu" -> x < 0 ? y * x : x;
      case "BitShift" -> left ? (double) ((long) x << (long) y) : (double) ((long) x >>> (long) y);
      case "Equal" -> x == y ? 1 : 0;
      case "Greater" -> x > y ? 1 : 0;
      case "Less" -> x < y ? 1 : 0;
      case "GreaterOrEqual" -> x >= y ? 1 : 0;
      case "LessOrEqual" -> x <= y ? 1 : 0;
      case "And" -> x != 0 && y != 0 ? 1 : 0;
      case "Or" -> x != 0 || y != 0 ? 1 : 0;
      case "Xor" -> (x != 0) != (y != 0) ? 1 : 0;
      default -> throw new IllegalStateException(op);
    };
  }

  /** Opset < 7 {@code broadcast=1, axis=k}: b's dimensions line up with a's starting at axis k. */
  private INDArray alignLegacy(INDArray a, INDArray b) {
    boolean perChannel = channelSlope && b.rank() == 1 && a.rank() >= 2 && b.length() > 1 && b.length() == a.size(1);
    if (legacyAxis == Integer.MIN_VALUE && !perChannel) {
      return b;
    }
    int axis = perChannel ? 1 : legacyAxis < 0 ? legacyAxis + a.rank() : legacyAxis;
    long[] shape = new long[a.rank() - axis];
    java.util.Arrays.fill(shape, 1);
    System.arraycopy(b.shape(), 0, shape, 0, b.rank());
    return Tensors.contiguous(b).reshape('c', shape);
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    if (comparison() || !Tensors.isFloat(in[0])) {
      return new INDArray[2];
    }
    INDArray a = in[0];
    INDArray bOrig = in[1];
    INDArray b = alignLegacy(a, bOrig).castTo(a.dataType());
    long[] shape = gOut[0].shape();
    INDArray g = gOut[0];
    if (op.equals("Pow") && PowScalar.applies(a, b) && !ctx.needsGradient(1)) {
      return new INDArray[] {PowScalar.gradient(a, g, b.getDouble(0)), null};
    }
    if ((op.equals("Mul") || op.equals("Div")) && BroadcastArith.supports(g, a) && BroadcastArith.supports(g, b)) {
      return productGradients(ctx, a, b, bOrig, g, shape);
    }
    INDArray ga;
    INDArray gb;
    switch (op) {
      case "Add" -> { ga = g; gb = g; }
      case "Sub" -> { ga = g; gb = ctx.needsGradient(1) ? g.neg() : null; }
      default -> {
        // operands expanded to the output's shape only where the gradient formula reads them
        INDArray ea = Tensors.expand(a, shape);
        INDArray eb = Tensors.expand(b, shape);
        switch (op) {
          case "Mul" -> { ga = g.mul(eb); gb = g.mul(ea); }
          case "Div" -> { ga = g.div(eb); gb = g.mul(ea).divi(eb).divi(eb).negi(); }
          case "Mod" -> { ga = g; gb = g.mul(modQuotient(ea, eb)).negi(); }
          default -> {
            INDArray[] both = PowGradients.of(op, ea, eb, Tensors.expand(out[0], shape), g);
            ga = both[0];
            gb = both[1];
          }
        }
      }
    }
    INDArray ra = ctx.needsGradient(0) ? Tensors.reduceTo(ga, a.shape()) : null;
    INDArray rb = ctx.needsGradient(1) && Tensors.isFloat(bOrig)
        ? Tensors.reduceTo(gb, b.shape()).reshape(bOrig.shape()).castTo(bOrig.dataType()) : null;
    return new INDArray[] {ra, rb};
  }

  /** d(x mod y)/dy = -q where q is the quotient the remainder subtracted (truncated for fmod, else floored). */
  private INDArray modQuotient(INDArray a, INDArray b) {
    double[] x = Tensors.values(a);
    double[] y = Tensors.values(b);
    double[] q = new double[x.length];
    for (int i = 0; i < q.length; i++) {
      double r = x[i] / y[i];
      q[i] = fmod ? (r < 0 ? Math.ceil(r) : Math.floor(r)) : Math.floor(r);
    }
    return Tensors.create(q, a.shape(), a.dataType());
  }

  /** Mul and Div gradients through {@link BroadcastArith}: the operands are read in place, not expanded. */
  private INDArray[] productGradients(OpContext ctx, INDArray a, INDArray b, INDArray bOrig, INDArray g,
      long[] shape) {
    BroadcastArith.Kind mul = BroadcastArith.Kind.MUL;
    BroadcastArith.Kind div = BroadcastArith.Kind.DIV;
    boolean isMul = op.equals("Mul");
    INDArray ra = null;
    INDArray rb = null;
    if (ctx.needsGradient(0)) {
      ra = Tensors.reduceTo(BroadcastArith.apply(isMul ? mul : div, g, b, shape), a.shape());
    }
    if (ctx.needsGradient(1) && Tensors.isFloat(bOrig)) {
      INDArray gb = BroadcastArith.apply(mul, g, a, shape);
      if (!isMul) { // d(a/b)/db = -a/b^2, divided twice as the expanded path does
        gb = BroadcastArith.negate(BroadcastArith.apply(div, BroadcastArith.apply(div, gb, b, shape), b, shape));
      }
      rb = Tensors.reduceTo(gb, b.shape()).reshape(bOrig.shape()).castTo(bOrig.dataType());
    }
    return new INDArray[] {ra, rb};
  }
}
