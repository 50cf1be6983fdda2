package io.apo4j.onnx.ops;

import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import io.apo4j.onnx.graph.Node;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one place that declares which ONNX operators the importer supports: name, opset range,
 * attributes, and the class implementing them. To add an operator, write its {@link Op} (one
 * class per op or per family) and add one {@code add(...)} line here.
 */
public final class OpTable {
  private static final int OPEN = Integer.MAX_VALUE;
  private static final Map<String, OpSpec> SPECS = new TreeMap<>();

  static {
    // elementwise unary (UnaryOps)
    for (String op : UnaryOps.NAMES) {
      add(op, 1, UnaryOps.attributes(op), n -> UnaryOps.create(n));
    }
    // elementwise binary and variadic with numpy broadcasting (BinaryOps, VariadicOps)
    for (String op : BinaryOps.NAMES) {
      add(op, 1, List.of("broadcast", "axis"), BinaryOps::new);
    }
    for (String op : VariadicOps.NAMES) {
      add(op, 6, List.of(), VariadicOps::new);
    }
    add("Where", 9, List.of(), WhereOp::new);
    add("Mod", 10, List.of("fmod"), BinaryOps::new);
    add("BitShift", 11, List.of("direction"), BinaryOps::new);
    add("Clip", 6, List.of("min", "max"), ClipOp::new);
    // linear algebra
    add("Gemm", 6, List.of("alpha", "beta", "transA", "transB", "broadcast"), GemmOp::new);
    add("MatMul", 1, List.of(), MatMulOp::new);
    add("Einsum", 12, List.of("equation"), EinsumOp::new);
    add("Conv", 1, List.of("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"), ConvOp::new);
    for (String op : PoolOps.NAMES) {
      add(op, 1, PoolOps.attributes(op), PoolOps::new);
    }
    add("Transpose", 1, List.of("perm"), TransposeOp::new);
    // element copies through index maps (IndexMapOp)
    add("Gather", 1, List.of("axis"), GatherOp::new);
    add("GatherElements", 11, List.of("axis"), GatherElementsOp::new);
    add("Trilu", 14, List.of("upper"), TriluOp::new);
    add("TopK", 1, List.of("axis", "largest", "sorted"), TopKOp::new);
    for (String op : SelectOps.NAMES) {
      add(op, 9, SelectOps.attributes(op), SelectOps::new);
    }
    for (String op : ScatterOps.NAMES) {
      add(op, op.equals("Scatter") ? 9 : 11, ScatterOps.attributes(op), ScatterOps::new);
    }
    for (String op : IndicatorOps.NAMES) {
      add(op, 9, IndicatorOps.attributes(op), IndicatorOps::new);
    }
    for (String op : DepthSpaceOps.NAMES) {
      add(op, 1, DepthSpaceOps.attributes(op), DepthSpaceOps::new);
    }
    for (String op : AxisScanOps.NAMES) {
      add(op, 1, AxisScanOps.attributes(op), AxisScanOps::new);
    }
    add("Softmax", 1, List.of("axis"), SoftmaxOp::new);
    add("LogSoftmax", 1, List.of("axis"), SoftmaxOp::new);
    add("Concat", 4, List.of("axis"), ConcatSplitOps::new);
    for (String op : SourceOps.NAMES) {
      add(op, 1, SourceOps.attributes(op), SourceOps::new);
    }
    add("Dropout", 1, List.of("ratio", "seed", "is_test"), DropoutOp::new);
    for (String op : ReduceOps.NAMES) {
      add(op, 1, List.of("axes", "keepdims", "noop_with_empty_axes"), ReduceOps::new);
    }
    // normalisation
    add("BatchNormalization", 6, List.of("epsilon", "momentum", "training_mode", "spatial", "is_test"), BatchNormOp::new);
    // shape only (ReshapeOps)
    for (String op : ReshapeOps.NAMES) {
      add(op, op.equals("Reshape") ? 5 : 1, ReshapeOps.attributes(op), ReshapeOps::new);
    }
    // element copying (AxisMap: gather forward, scatter-add backward)
    add("Slice", 1, List.of("starts", "ends", "axes"), SliceOp::new);
    add("Pad", 2, List.of("mode", "pads", "value"), PadOp::new);
    add("Split", 2, List.of("axis", "split", "num_outputs"), SplitOp::new);
    add("Tile", 6, List.of(), TileExpandOps::new);
    add("Expand", 8, List.of(), TileExpandOps::new);
    // types and constants
    add("Cast", 6, List.of("to", "saturate"), CastOp::new);
    add("CastLike", 15, List.of("saturate"), CastOp::new);
    add("ConstantOfShape", 9, List.of("value"), ConstantOfShapeOp::new);
    // normalisation and transposed convolution
    add("LayerNormalization", 17, List.of("axis", "epsilon", "stash_type"), LayerNormOp::new);
    add("ConvTranspose", 1, ConvTransposeOp.ATTRIBUTES, ConvTransposeOp::new);
    for (String op : GroupNormOps.NAMES) {
      add(op, op.equals("GroupNormalization") ? 18 : 1, GroupNormOps.attributes(op), GroupNormOps::new);
    }
    for (String op : WindowOps.NAMES) {
      add(op, 17, List.of("periodic", "output_datatype"), WindowOps::new);
    }
    add("MeanVarianceNormalization", 9, List.of("axes"), MvnOp::new);
    add("LRN", 1, List.of("alpha", "beta", "bias", "size"), LrnOp::new);
    for (String op : LossOps.NAMES) {
      add(op, 12, List.of("reduction", "ignore_index"), LossOps::new);
    }
    add("Resize", 11, ResizeNearestOp.ATTRIBUTES, ResizeNearestOp::create);
    add("Upsample", 7, List.of("mode", "scales"), UpsampleOp::new);
  }

  private OpTable() {}

  private static void add(String opType, int minOpset, List<String> attributes, OpFactory factory) {
    add(opType, minOpset, OPEN, attributes, factory);
  }

  private static void add(String opType, int minOpset, int maxOpset, List<String> attributes, OpFactory factory) {
    if (SPECS.put(opType, new OpSpec(opType, minOpset, maxOpset, attributes, factory)) != null) {
      throw new IllegalStateException("op " + opType + " registered twice");
    }
  }

  /** Every supported operator, by name. */
  public static Collection<OpSpec> all() {
    return Collections.unmodifiableCollection(SPECS.values());
  }

  public static Optional<OpSpec> find(String opType) {
    return Optional.ofNullable(SPECS.get(opType));
  }

  /**
   * The op of {@code node}, after checking domain, opset and attributes.
   *
   * @throws ModelImportException (UNSUPPORTED) naming node, op type, opset and what is supported
   */
  public static Op create(Node node) {
    boolean defaultDomain = node.domain().isEmpty() || node.domain().equals("ai.onnx");
    OpSpec spec = defaultDomain ? SPECS.get(node.opType()) : null;
    if (spec == null) {
      throw new ModelImportException(Reason.UNSUPPORTED, node.where() + ": operator "
          + (defaultDomain ? "" : node.domain() + ".") + node.opType() + " (opset " + node.opset()
          + ") is not supported; supported: " + SPECS.values());
    }
    if (!spec.supportsOpset(node.opset())) {
      throw new ModelImportException(Reason.UNSUPPORTED, node.where() + ": operator " + node.opType()
          + " at opset " + node.opset() + " is not supported; supported: " + spec);
    }
    for (String attribute : node.attributes().names()) {
      if (!spec.attributes().contains(attribute)) {
        throw new ModelImportException(Reason.UNSUPPORTED, node.where() + ": attribute '" + attribute
            + "' is not supported; supported attributes of " + node.opType() + ": " + spec.attributes());
      }
    }
    return spec.factory().create(node);
  }
}
