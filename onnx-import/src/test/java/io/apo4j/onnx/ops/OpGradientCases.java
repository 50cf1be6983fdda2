package io.apo4j.onnx.ops;

import static io.apo4j.onnx.ops.OpHarness.longs;
import static io.apo4j.onnx.ops.OpHarness.random;

import io.apo4j.api.model.Mode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Named;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference cases for the ops of the table: every op, with broadcasting and each
 * supported attribute variant. Each case names the op type it covers first, so the coverage test
 * can compare with {@link OpTable#all()}.
 */
final class OpGradientCases {
  private final List<Named<Runnable>> cases = new ArrayList<>();

  private OpGradientCases() {}

  static List<Named<Runnable>> all() {
    OpGradientCases c = new OpGradientCases();
    c.unary();
    c.binary();
    c.linear();
    c.convAndPool();
    c.shapes();
    c.reductionsAndNorms();
    return c.cases;
  }

  private void add(String label, Runnable check) {
    cases.add(Named.of(label, check));
  }

  private static INDArray positive(long seed, long... shape) {
    return random(seed, shape).add(2);
  }

  private void unary() {
    for (String op : UnaryOps.NAMES) {
      boolean pos = op.equals("Log") || op.equals("Sqrt") || op.equals("Reciprocal");
      boolean unit = op.equals("Asin") || op.equals("Acos") || op.equals("Atanh") || op.equals("Tan"); // |x| < 1
      INDArray x = pos ? positive(1, 2, 3) : unit ? random(1, 2, 3).mul(0.9)
          : op.equals("Acosh") ? positive(1, 2, 3).add(1.1) : random(1, 2, 3).mul(3);
      add(op, () -> new OpHarness(op, 14).checkGradients(x));
    }
    add("Shrink lambd bias", () -> new OpHarness("Shrink", 9).real("lambd", 0.7f).real("bias", 0.2f)
        .checkGradients(random(4, 4, 3).mul(2)));
    add("ThresholdedRelu alpha", () -> new OpHarness("ThresholdedRelu", 10).real("alpha", 0.4f)
        .checkGradients(random(5, 4, 3)));
    add("LeakyRelu alpha=0.3", () -> new OpHarness("LeakyRelu", 16).real("alpha", 0.3f).checkGradients(random(2, 4, 3)));
    add("Elu alpha=0.7", () -> new OpHarness("Elu", 6).real("alpha", 0.7f).checkGradients(random(3, 4, 3)));
    add("Selu alpha gamma", () -> new OpHarness("Selu", 6).real("alpha", 1.5f).real("gamma", 1.1f)
        .checkGradients(random(3, 4, 3)));
    add("HardSigmoid alpha beta", () -> new OpHarness("HardSigmoid", 6).real("alpha", 0.4f).real("beta", 0.3f)
        .checkGradients(random(4, 5, 2)));
    add("Gelu approximate=tanh", () -> new OpHarness("Gelu", 20).text("approximate", "tanh")
        .checkGradients(random(5, 3, 4).mul(3)));
    add("Clip inputs", () -> new OpHarness("Clip", 13).fixed(1, 2).checkGradients(random(6, 3, 4),
        Nd4j.scalar(DataType.DOUBLE, -0.5), Nd4j.scalar(DataType.DOUBLE, 0.4)));
    add("Clip attributes", () -> new OpHarness("Clip", 6).real("min", -0.3f).real("max", 0.6f)
        .checkGradients(random(7, 3, 4)));
    add("Dropout train ratio=0.3", () -> new OpHarness("Dropout", 13).mode(Mode.TRAIN).fixed(1)
        .checkGradients(random(8, 4, 5), Nd4j.scalar(DataType.DOUBLE, 0.3)));
    add("Cast float64", () -> new OpHarness("Cast", 13).integer("to", 11).checkGradients(random(9, 2, 3)));
    add("CastLike float64", () -> new OpHarness("CastLike", 19).fixed(1).checkGradients(random(10, 2, 3), random(11, 1)));
  }

  private void binary() {
    for (String op : List.of("Add", "Sub", "Mul", "Div")) {
      add(op + " broadcast [2,3,4]x[3,1]", () -> new OpHarness(op, 14)
          .checkGradients(random(10, 2, 3, 4), positive(11, 3, 1)));
      add(op + " broadcast [4]x[2,3,4]", () -> new OpHarness(op, 14)
          .checkGradients(positive(12, 4), positive(13, 2, 3, 4)));
      add(op + " scalar", () -> new OpHarness(op, 14).checkGradients(random(14, 2, 3), Nd4j.scalar(DataType.DOUBLE, 1.7)));
    }
    add("Add legacy broadcast axis=1", () -> new OpHarness("Add", 6).integer("broadcast", 1).integer("axis", 1)
        .checkGradients(random(15, 2, 3, 4), random(16, 3)));
    add("Pow broadcast", () -> new OpHarness("Pow", 15).checkGradients(positive(17, 2, 3), random(18, 3)));
    add("PRelu slope per channel", () -> new OpHarness("PRelu", 16).checkGradients(random(19, 2, 3, 4), random(20, 3, 1)));
    add("PRelu opset 6 slope per channel (legacy axis 1)", () -> new OpHarness("PRelu", 6)
        .checkGradients(random(191, 2, 3, 4), random(192, 3)));
    for (String op : VariadicOps.NAMES) {
      add(op + " three inputs broadcast", () -> new OpHarness(op, 13)
          .checkGradients(random(21, 2, 3), random(22, 3), random(23, 2, 1)));
    }
    add("Where broadcast", () -> new OpHarness("Where", 16).checkGradients(
        Nd4j.createFromArray(new boolean[][] {{true, false, true}, {false, false, true}}), random(24, 2, 3), random(25, 3)));
  }

  private void linear() {
    for (int ta = 0; ta <= 1; ta++) {
      for (int tb = 0; tb <= 1; tb++) {
        int a = ta;
        int b = tb;
        add("Gemm transA=" + a + " transB=" + b, () -> new OpHarness("Gemm", 13).integer("transA", a)
            .integer("transB", b).checkGradients(a == 1 ? random(30, 4, 3) : random(30, 3, 4),
                b == 1 ? random(31, 5, 4) : random(31, 4, 5), random(32, 5)));
      }
    }
    add("Gemm alpha beta C=[3,1]", () -> new OpHarness("Gemm", 13).real("alpha", 0.7f).real("beta", 1.3f)
        .checkGradients(random(33, 3, 4), random(34, 4, 2), random(35, 3, 1)));
    add("Gemm no C", () -> new OpHarness("Gemm", 13).checkGradients(random(36, 3, 4), random(37, 4, 2)));
    add("MatMul 2-D", () -> new OpHarness("MatMul", 13).checkGradients(random(40, 3, 4), random(41, 4, 2)));
    add("MatMul 3-D x 2-D", () -> new OpHarness("MatMul", 13).checkGradients(random(42, 2, 3, 4), random(43, 4, 2)));
    add("MatMul batched broadcast", () -> new OpHarness("MatMul", 13)
        .checkGradients(random(44, 2, 1, 3, 4), random(45, 3, 4, 2)));
    add("MatMul 1-D x 2-D", () -> new OpHarness("MatMul", 13).checkGradients(random(46, 4), random(47, 4, 3)));
    add("MatMul 2-D x 1-D", () -> new OpHarness("MatMul", 13).checkGradients(random(48, 3, 4), random(49, 4)));
    add("Einsum bij,bjk->bik", () -> new OpHarness("Einsum", 12).text("equation", "bij,bjk->bik")
        .checkGradients(random(50, 2, 3, 4), random(51, 2, 4, 2)));
    add("Einsum ...ii->...i (ellipsis diagonal)", () -> new OpHarness("Einsum", 12).text("equation", "...ii->...i")
        .checkGradients(random(186, 2, 3, 3, 3)));
    add("Einsum ...ij,...jk broadcast batch", () -> new OpHarness("Einsum", 12).text("equation", "...ij,...jk->...ik")
        .checkGradients(random(187, 2, 1, 3, 4), random(188, 3, 4, 2)));
    add("Einsum ...j,j (implicit ellipsis)", () -> new OpHarness("Einsum", 12).text("equation", "...j,j")
        .checkGradients(random(189, 2, 3, 4), random(190, 4)));
    add("Einsum ij,kj (implicit)", () -> new OpHarness("Einsum", 12).text("equation", "ij,kj")
        .checkGradients(random(52, 3, 4), random(53, 2, 4)));
  }

  private void convAndPool() {
    add("Conv bias", () -> new OpHarness("Conv", 11).checkGradients(random(60, 2, 3, 5, 5), random(61, 4, 3, 3, 3),
        random(62, 4)));
    add("Conv pads strides dilations", () -> new OpHarness("Conv", 11).ints("pads", 1, 0, 2, 1).ints("strides", 2, 1)
        .ints("dilations", 1, 2).checkGradients(random(63, 1, 2, 6, 6), random(64, 3, 2, 3, 2)));
    add("Conv group=2", () -> new OpHarness("Conv", 11).integer("group", 2)
        .checkGradients(random(65, 2, 4, 4, 4), random(66, 6, 2, 2, 2), random(67, 6)));
    add("Conv auto_pad=SAME_UPPER", () -> new OpHarness("Conv", 11).text("auto_pad", "SAME_UPPER").ints("strides", 2, 2)
        .checkGradients(random(68, 1, 2, 5, 5), random(69, 2, 2, 3, 3)));
    add("Conv 1-D", () -> new OpHarness("Conv", 11).ints("pads", 1, 1)
        .checkGradients(random(70, 2, 3, 7), random(71, 2, 3, 3), random(72, 2)));
    add("Conv 1-D dilated asymmetric pads (im2col)", () -> new OpHarness("Conv", 11).ints("pads", 2, 1)
        .ints("dilations", 2).ints("strides", 2).checkGradients(random(193, 2, 2, 8), random(194, 3, 2, 3), random(195, 3)));
    add("Conv 3-D strides pads bias", () -> new OpHarness("Conv", 11).ints("strides", 2, 1, 2)
        .ints("pads", 1, 0, 1, 0, 1, 1).checkGradients(random(196, 2, 2, 4, 3, 5), random(197, 3, 2, 2, 2, 2),
            random(198, 3)));
    add("Conv 3-D group=2 dilations", () -> new OpHarness("Conv", 11).integer("group", 2).ints("dilations", 1, 2, 1)
        .checkGradients(random(199, 1, 4, 3, 5, 3), random(200, 4, 2, 2, 2, 2)));
    add("MaxPool", () -> new OpHarness("MaxPool", 12).ints("kernel_shape", 2, 2).ints("strides", 2, 2)
        .checkGradients(random(73, 2, 2, 4, 4)));
    add("MaxPool pads ceil dilations", () -> new OpHarness("MaxPool", 12).ints("kernel_shape", 3, 2).ints("pads", 1, 1, 1, 0)
        .ints("strides", 2, 2).integer("ceil_mode", 1).ints("dilations", 1, 2).checkGradients(random(74, 1, 2, 6, 7)));
    add("AveragePool count_include_pad=0", () -> new OpHarness("AveragePool", 19).ints("kernel_shape", 3, 3)
        .ints("pads", 1, 1, 1, 1).checkGradients(random(75, 1, 2, 5, 5)));
    add("AveragePool count_include_pad=1 ceil", () -> new OpHarness("AveragePool", 19).ints("kernel_shape", 2, 2)
        .ints("pads", 1, 1, 0, 0).ints("strides", 2, 2).integer("count_include_pad", 1).integer("ceil_mode", 1)
        .checkGradients(random(76, 1, 2, 5, 5)));
    add("MaxPool 1-D pads strides dilations", () -> new OpHarness("MaxPool", 12).ints("kernel_shape", 3)
        .ints("pads", 1, 2).ints("strides", 2).ints("dilations", 2).checkGradients(random(180, 2, 2, 9)));
    add("MaxPool 3-D ceil", () -> new OpHarness("MaxPool", 12).ints("kernel_shape", 2, 2, 2).ints("strides", 2, 2, 2)
        .integer("ceil_mode", 1).checkGradients(random(181, 1, 2, 3, 4, 5)));
    add("AveragePool 1-D count_include_pad=1", () -> new OpHarness("AveragePool", 19).ints("kernel_shape", 3)
        .ints("pads", 1, 1).integer("count_include_pad", 1).checkGradients(random(182, 2, 3, 6)));
    add("AveragePool 3-D dilations ceil", () -> new OpHarness("AveragePool", 19).ints("kernel_shape", 2, 2, 2)
        .ints("dilations", 2, 1, 2).ints("strides", 2, 2, 1).ints("pads", 1, 0, 1, 0, 1, 0).integer("ceil_mode", 1)
        .checkGradients(random(183, 1, 2, 5, 4, 5)));
    add("GlobalAveragePool 3-D", () -> new OpHarness("GlobalAveragePool", 1).checkGradients(random(184, 2, 2, 2, 3, 2)));
    add("GlobalMaxPool 1-D", () -> new OpHarness("GlobalMaxPool", 1).checkGradients(random(185, 2, 3, 5)));
    add("GlobalAveragePool", () -> new OpHarness("GlobalAveragePool", 1).checkGradients(random(77, 2, 3, 4, 4)));
    add("GlobalMaxPool", () -> new OpHarness("GlobalMaxPool", 1).checkGradients(random(78, 2, 3, 4, 4)));
  }

  private void shapes() {
    add("Reshape -1 and 0", () -> new OpHarness("Reshape", 14).checkGradients(random(80, 2, 3, 4), longs(0, -1)));
    add("Flatten axis=2", () -> new OpHarness("Flatten", 13).integer("axis", 2).checkGradients(random(81, 2, 3, 4)));
    add("Squeeze axes input", () -> new OpHarness("Squeeze", 13).checkGradients(random(82, 2, 1, 3), longs(1)));
    add("Unsqueeze axes attribute", () -> new OpHarness("Unsqueeze", 11).ints("axes", 0, 3).checkGradients(random(83, 2, 3)));
    add("Identity", () -> new OpHarness("Identity", 14).checkGradients(random(84, 2, 3)));
    add("Transpose perm", () -> new OpHarness("Transpose", 13).ints("perm", 1, 2, 0).checkGradients(random(85, 2, 3, 4)));
    add("Transpose default", () -> new OpHarness("Transpose", 13).checkGradients(random(86, 2, 3, 4)));
    add("Gather axis=0 repeated ids", () -> new OpHarness("Gather", 13)
        .checkGradients(random(87, 5, 3), Nd4j.createFromArray(new long[][] {{0, 4}, {4, -1}})));
    add("Gather axis=1", () -> new OpHarness("Gather", 13).integer("axis", 1)
        .checkGradients(random(88, 2, 4, 3), longs(3, 0)));
    add("GatherElements axis=1", () -> new OpHarness("GatherElements", 13).integer("axis", 1)
        .checkGradients(random(95, 2, 3), Nd4j.createFromArray(new long[][] {{0, -1, 0, 2}, {1, 1, 0, -3}})));
    add("NegativeLogLikelihoodLoss none weight ignore_index", () -> new OpHarness("NegativeLogLikelihoodLoss", 13)
        .text("reduction", "none").integer("ignore_index", 1)
        .checkGradients(random(96, 3, 4, 2), Nd4j.createFromArray(new long[][] {{0, 1}, {3, 2}, {1, 0}}), positive(97, 4)));
    add("NegativeLogLikelihoodLoss mean weight", () -> new OpHarness("NegativeLogLikelihoodLoss", 13)
        .checkGradients(random(98, 3, 4), Nd4j.createFromArray(2L, 0L, 2L), positive(99, 4)));
    add("SoftmaxCrossEntropyLoss mean weight ignore_index log_prob", () -> new OpHarness("SoftmaxCrossEntropyLoss", 13)
        .integer("ignore_index", 0).outputs(2)
        .checkGradients(random(120, 2, 3, 2), Nd4j.createFromArray(new long[][] {{0, 1}, {2, 2}}), positive(121, 3)));
    add("SoftmaxCrossEntropyLoss sum", () -> new OpHarness("SoftmaxCrossEntropyLoss", 13).text("reduction", "sum")
        .checkGradients(random(122, 3, 5), Nd4j.createFromArray(4L, 0L, 1L)));
    add("Trilu upper k=1", () -> new OpHarness("Trilu", 14).checkGradients(random(123, 2, 3, 4), longs(1)));
    add("Trilu lower k=-1", () -> new OpHarness("Trilu", 14).integer("upper", 0)
        .checkGradients(random(124, 4, 3), longs(-1)));
    add("CumSum exclusive reverse", () -> new OpHarness("CumSum", 14).integer("exclusive", 1).integer("reverse", 1)
        .checkGradients(random(125, 2, 4, 3), longs(1)));
    add("CumSum axis -1", () -> new OpHarness("CumSum", 11).checkGradients(random(126, 3, 4), longs(-1)));
    add("Mod fmod=1", () -> new OpHarness("Mod", 13).integer("fmod", 1)
        .checkGradients(random(127, 3, 4).mul(5), positive(128, 4)));
    add("Mod floored", () -> new OpHarness("Mod", 13).checkGradients(random(129, 3, 4).mul(5), positive(130, 3, 1).neg()));
    add("DepthToSpace DCR", () -> new OpHarness("DepthToSpace", 13).integer("blocksize", 2)
        .checkGradients(random(131, 1, 8, 2, 3)));
    add("DepthToSpace CRD", () -> new OpHarness("DepthToSpace", 13).integer("blocksize", 2).text("mode", "CRD")
        .checkGradients(random(132, 2, 4, 2, 1)));
    add("SpaceToDepth", () -> new OpHarness("SpaceToDepth", 13).integer("blocksize", 2)
        .checkGradients(random(133, 1, 2, 4, 6)));
    add("ScatterElements axis=1", () -> new OpHarness("ScatterElements", 13).integer("axis", 1).checkGradients(
        random(134, 3, 4), Nd4j.createFromArray(new long[][] {{1, -1}, {0, 0}}), random(135, 2, 2)));
    add("Scatter (deprecated) axis=0", () -> new OpHarness("Scatter", 9).checkGradients(
        random(136, 3, 2), Nd4j.createFromArray(new long[][] {{2, 0}}), random(137, 1, 2)));
    add("ScatterElements add", () -> new OpHarness("ScatterElements", 16).text("reduction", "add").checkGradients(
        random(138, 4), Nd4j.createFromArray(1L, 1L, 3L), random(139, 3)));
    add("ScatterND", () -> new OpHarness("ScatterND", 13).checkGradients(
        random(140, 3, 2), Nd4j.createFromArray(new long[][] {{2}, {0}}), random(141, 2, 2)));
    add("ScatterND add", () -> new OpHarness("ScatterND", 16).text("reduction", "add").checkGradients(
        random(142, 2, 3), Nd4j.createFromArray(new long[][] {{1, 2}, {1, 2}, {0, 0}}), random(143, 3)));
    add("GatherND", () -> new OpHarness("GatherND", 13).checkGradients(
        random(144, 3, 2, 2), Nd4j.createFromArray(new long[][] {{2, 1}, {0, 1}, {2, 1}})));
    add("GatherND batch_dims=1", () -> new OpHarness("GatherND", 13).integer("batch_dims", 1).checkGradients(
        random(145, 2, 3, 2), Nd4j.createFromArray(new long[][] {{2}, {0}})));
    add("MeanVarianceNormalization default axes", () -> new OpHarness("MeanVarianceNormalization", 13)
        .checkGradients(random(146, 2, 3, 2, 2)));
    add("MeanVarianceNormalization axes=[1]", () -> new OpHarness("MeanVarianceNormalization", 13).ints("axes", 1)
        .checkGradients(random(147, 3, 4)));
    add("TopK axis=1 largest", () -> new OpHarness("TopK", 11).integer("axis", 1).outputs(2)
        .checkGradients(random(148, 2, 5, 3), longs(3)));
    add("TopK smallest", () -> new OpHarness("TopK", 11).integer("largest", 0).outputs(2)
        .checkGradients(random(149, 3, 4), longs(2)));
    add("Compress axis=1", () -> new OpHarness("Compress", 11).integer("axis", 1)
        .checkGradients(random(150, 2, 4), Nd4j.createFromArray(true, false, true)));
    add("Compress flattened", () -> new OpHarness("Compress", 11)
        .checkGradients(random(151, 2, 3), Nd4j.createFromArray(false, true, true, false, true)));
    add("ReverseSequence", () -> new OpHarness("ReverseSequence", 10).integer("batch_axis", 0).integer("time_axis", 1)
        .checkGradients(random(152, 3, 4, 2), longs(4, 1, 2)));
    add("Concat axis=1", () -> new OpHarness("Concat", 13).integer("axis", 1)
        .checkGradients(random(89, 2, 3), random(90, 2, 1), random(91, 2, 2)));
    add("Softmax axis=-1", () -> new OpHarness("Softmax", 13).checkGradients(random(92, 2, 3, 4)));
    add("Softmax axis=1 opset 11 (coerced)", () -> new OpHarness("Softmax", 11).checkGradients(random(93, 2, 3, 4)));
    add("LogSoftmax axis=1", () -> new OpHarness("LogSoftmax", 13).integer("axis", 1).checkGradients(random(94, 2, 3, 4)));
  }

  private void reductionsAndNorms() {
    for (String op : ReduceOps.NAMES) {
      boolean logOfSum = op.equals("ReduceLogSum"); // defined for positive sums only
      add(op + " axes=[1] keepdims=1", () -> new OpHarness(op, 13).ints("axes", 1)
          .checkGradients(logOfSum ? positive(100, 2, 3, 4) : random(100, 2, 3, 4)));
      add(op + " all keepdims=0", () -> new OpHarness(op, 13).integer("keepdims", 0)
          .checkGradients(logOfSum ? positive(101, 2, 3) : random(101, 2, 3)));
    }
    add("ReduceProd with zeros", () -> new OpHarness("ReduceProd", 18).checkGradients(
        Nd4j.createFromArray(new double[][] {{0, 2, 3}, {0, 0, 4}, {1, 2, 3}}), longs(1)));
    add("ReduceSum axes input", () -> new OpHarness("ReduceSum", 13).checkGradients(random(102, 2, 3, 4), longs(-1, 0)));
    add("ReduceMean axes input opset 18", () -> new OpHarness("ReduceMean", 18).integer("keepdims", 0)
        .checkGradients(random(103, 2, 3, 4), longs(2)));
    add("BatchNormalization eval", () -> new OpHarness("BatchNormalization", 15).fixed(3, 4).checkGradients(random(104, 3, 2, 2, 2),
        random(105, 2), random(106, 2), random(107, 2), positive(108, 2)));
    add("BatchNormalization train", () -> new OpHarness("BatchNormalization", 15).mode(Mode.TRAIN).fixed(3, 4)
        .checkGradients(random(109, 3, 2, 2, 2), random(110, 2), random(111, 2), random(112, 2), positive(113, 2)));
    add("BatchNormalization train 2-D input", () -> new OpHarness("BatchNormalization", 9).mode(Mode.TRAIN).fixed(3, 4)
        .checkGradients(random(114, 5, 3), random(115, 3), random(116, 3), random(117, 3), positive(118, 3)));
  }
}
