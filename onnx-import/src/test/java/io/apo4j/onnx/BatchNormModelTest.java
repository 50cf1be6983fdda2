package io.apo4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.Mode;
import io.apo4j.onnx.model.OnnxModel;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Conv-BatchNorm-Relu-GlobalAveragePool-Flatten-Gemm model built in code: running statistics
 * are buffers, a TRAIN pass returns new ones (PyTorch's update) without touching the inputs, and
 * the conv and dense layers get taps.
 */
class BatchNormModelTest {
  @TempDir
  Path dir;

  private static TensorProto tensor(String name, float fill, long... dims) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1);
    long n = 1;
    for (long d : dims) {
      t.addDims(d);
      n *= d;
    }
    for (int i = 0; i < n; i++) {
      t.addFloatData(fill == 0 ? (float) Math.sin(i + name.length()) * 0.5f : fill);
    }
    return t.build();
  }

  private static NodeProto node(String op, List<String> in, String out, AttributeProto... attrs) {
    NodeProto.Builder b = NodeProto.newBuilder().setName(op.toLowerCase()).setOpType(op).addAllInput(in).addOutput(out);
    List.of(attrs).forEach(b::addAttribute);
    return b.build();
  }

  private Path model() throws Exception {
    GraphProto.Builder g = GraphProto.newBuilder().setName("bn").addInput(TinyModels.value("x", -1, 2, 5, 5))
        .addInitializer(tensor("conv.weight", 0, 3, 2, 3, 3)).addInitializer(tensor("conv.bias", 0, 3))
        .addInitializer(tensor("bn.weight", 1, 3)).addInitializer(tensor("bn.bias", 0, 3))
        .addInitializer(tensor("bn.running_mean", 0.1f, 3)).addInitializer(tensor("bn.running_var", 2f, 3))
        .addInitializer(tensor("fc.weight", 0, 4, 3)).addInitializer(tensor("fc.bias", 0, 4))
        .addNode(node("Conv", List.of("x", "conv.weight", "conv.bias"), "c",
            AttributeProto.newBuilder().setName("pads").setType(AttributeProto.AttributeType.INTS)
                .addInts(1).addInts(1).addInts(1).addInts(1).build()))
        .addNode(node("BatchNormalization", List.of("c", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"), "b"))
        .addNode(node("Relu", List.of("b"), "r"))
        .addNode(node("GlobalAveragePool", List.of("r"), "p"))
        .addNode(node("Flatten", List.of("p"), "f"))
        .addNode(TinyModels.gemm("fc", "f", "fc.weight", "y").toBuilder().addInput("fc.bias").build())
        .addOutput(TinyModels.value("y", -1, 4));
    return TinyModels.write(dir, "bn.onnx", TinyModels.model(g, 15));
  }

  @Test
  void trainPassReturnsTorchRunningStatisticsAndLeavesBuffersAlone() throws Exception {
    try (OnnxModel m = OnnxImporter.importModel(model(), OnnxImportOptions.DEFAULTS)) {
      assertEquals(List.of("bn.running_mean", "bn.running_var"), List.copyOf(m.buffers().names()));
      assertEquals(6, m.parameters().size());
      TensorMap buffers = m.buffers();
      INDArray before = buffers.get("bn.running_mean").dup();
      INDArray x = Nd4j.rand(DataType.FLOAT, 4, 2, 5, 5);
      ForwardPass train = m.forward(m.parameters(), buffers, Map.of("x", x), Mode.TRAIN, 1);
      assertEquals(before, buffers.get("bn.running_mean"), "input buffers untouched");
      INDArray c = m.forward(m.parameters(), buffers, Map.of("x", x), Mode.EVAL, 1).output();
      assertNotEquals(c, train.output(), "TRAIN normalises with batch statistics");
      // expected update from the conv output's batch statistics, computed independently
      INDArray conv = convOutput(m, x);
      INDArray mean = conv.mean(0, 2, 3);
      INDArray var = conv.var(true, 0, 2, 3);
      INDArray expectMean = before.mul(0.9).add(mean.mul(0.1));
      INDArray expectVar = Nd4j.valueArrayOf(new long[] {3}, 2f).mul(0.9).add(var.mul(0.1));
      assertTrue(expectMean.equalsWithEps(train.updatedBuffers().get("bn.running_mean"), 1e-5));
      assertTrue(expectVar.equalsWithEps(train.updatedBuffers().get("bn.running_var"), 1e-4));
      ForwardPass eval = m.forward(m.parameters(), buffers, Map.of("x", x), Mode.EVAL, 1);
      assertEquals(buffers.get("bn.running_var"), eval.updatedBuffers().get("bn.running_var"));
    }
  }

  private static INDArray convOutput(OnnxModel m, INDArray x) {
    var trace = io.apo4j.onnx.exec.Executor.forward(m.graph(), m.parameters().asMap(), m.buffers().asMap(),
        Map.of("x", x), Mode.EVAL, 0);
    return trace.values().get("c");
  }

  @Test
  void convAndDenseLayersGetTapsThatExplainTheirGradients() throws Exception {
    try (OnnxModel m = OnnxImporter.importModel(model(), OnnxImportOptions.DEFAULTS)) {
      assertEquals(List.of(LayerKind.CONV, LayerKind.DENSE), m.kroneckerLayers().stream().map(l -> l.kind()).toList());
      INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 5, 5);
      ForwardPass pass = m.forward(m.parameters(), m.buffers(), Map.of("x", x), Mode.TRAIN, 0);
      Gradients g = m.backward(pass, Nd4j.rand(DataType.FLOAT, 3, 4), EnumSet.of(BackwardOption.LAYER_TAPS));
      var conv = g.taps().get("conv");
      assertEquals(x, conv.input());
      assertEquals(List.of(3L, 3L, 5L, 5L), List.of(conv.outputGradient().size(0), conv.outputGradient().size(1),
          conv.outputGradient().size(2), conv.outputGradient().size(3)));
      INDArray biasFromTap = conv.outputGradient().sum(0, 2, 3);
      assertTrue(biasFromTap.equalsWithEps(g.parameters().get("conv.bias"), 1e-5));
      var fc = g.taps().get("fc");
      INDArray weightFromTap = Nd4j.gemm(fc.outputGradient(), fc.input(), true, false);
      assertTrue(weightFromTap.equalsWithEps(g.parameters().get("fc.weight"), 1e-5));
    }
  }
}
