package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Attributes;
import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Operators that make tensors from attributes or shapes and carry no gradient: Constant, Shape,
 * Size, ConstantOfShape, Range, Not. Folded at import whenever their inputs are known.
 */
final class SourceOps implements Op {
  static final List<String> NAMES = List.of("Constant", "Shape", "Size", "Range", "Not");

  private final String op;
  private final INDArray constant;
  private final long start;
  private final Long end;

  SourceOps(Node node) {
    op = node.opType();
    Attributes a = node.attributes();
    constant = op.equals("Constant") ? constantValue(a) : op.equals("ConstantOfShape") ? a.getTensor("value") : null;
    start = a.getInt("start", 0);
    end = a.has("end") ? a.getInt("end", 0) : null;
  }

  static List<String> attributes(String op) {
    return switch (op) {
      case "Constant" -> List.of("value", "value_float", "value_floats", "value_int", "value_ints");
      case "Shape" -> List.of("start", "end");
      case "ConstantOfShape" -> List.of("value");
      default -> List.of();
    };
  }

  private static INDArray constantValue(Attributes a) {
    if (a.has("value")) {
      return a.getTensor("value");
    }
    if (a.has("value_float")) {
      return Nd4j.scalar(DataType.FLOAT, a.getFloat("value_float", 0));
    }
    if (a.has("value_floats")) {
      return Nd4j.createFromArray(a.getFloats("value_floats", null));
    }
    if (a.has("value_int")) {
      return Nd4j.scalar(DataType.LONG, a.getInt("value_int", 0));
    }
    if (a.has("value_ints")) {
      return Nd4j.createFromArray(a.getInts("value_ints", null));
    }
    throw a.unsupported("value", "one of value, value_float(s), value_int(s)");
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    return new INDArray[] {switch (op) {
      case "Constant" -> constant;
      case "Shape" -> shape(in[0].shape());
      case "Size" -> Nd4j.scalar(DataType.LONG, in[0].length());
      case "ConstantOfShape" -> filled(Tensors.longs(in[0]));
      case "Range" -> range(ctx, in);
      default -> Tensors.create(Arrays.stream(Tensors.values(in[0])).map(v -> v == 0 ? 1 : 0).toArray(),
          in[0].shape(), DataType.BOOL);
    }};
  }

  private INDArray shape(long[] s) {
    int r = s.length;
    int from = (int) Math.max(0, Math.min(r, start < 0 ? start + r : start));
    int to = end == null ? r : (int) Math.max(0, Math.min(r, end < 0 ? end + r : end));
    return Tensors.longVector(Arrays.copyOfRange(s, from, Math.max(from, to)));
  }

  private INDArray filled(long[] shape) {
    Tensors.checkSize(shape);
    DataType type = constant == null ? DataType.FLOAT : constant.dataType();
    double value = constant == null ? 0 : constant.getDouble(0);
    return Nd4j.create(type, shape).assign(value);
  }

  private static INDArray range(OpContext ctx, INDArray[] in) {
    double from = in[0].getDouble(0);
    double limit = in[1].getDouble(0);
    double delta = in[2].getDouble(0);
    long n = (long) Math.max(0, Math.ceil((limit - from) / delta));
    if (delta == 0 || n > Tensors.MAX_ELEMENTS) {
      throw ctx.error("range(" + from + ", " + limit + ", " + delta + ") has no finite, sane length");
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < n; i++) {
      v[i] = from + i * delta;
    }
    return Tensors.create(v, new long[] {n}, in[0].dataType());
  }
}
