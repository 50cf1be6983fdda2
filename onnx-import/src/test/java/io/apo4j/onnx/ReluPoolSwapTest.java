package io.apo4j.onnx;

import static io.apo4j.onnx.TinyModels.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.BackwardOption;
import io.apo4j.api.model.Gradients;
import io.apo4j.api.model.Mode;
import io.apo4j.onnx.graph.Graph;
import io.apo4j.onnx.graph.GraphBuilder;
import io.apo4j.onnx.graph.Node;
import io.apo4j.onnx.model.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The importer's Relu/MaxPool swap ({@code graph.ReluPoolSwap}): MaxPool(Relu(x)) runs as
 * Relu(MaxPool(x)) only where the Relu's output feeds nothing else, and the swapped graph gives the
 * same outputs and input gradients, bit for bit, as max pooling of rectified values computed here by
 * plain loops (on values with ties, zeros, -0 and windows of non-positive values).
 */
class ReluPoolSwapTest {
  @TempDir Path dir;

  @Test
  void swapsOnlyAReluWhoseOutputFeedsThePoolingAlone() throws Exception {
    GraphProto.Builder g = GraphProto.newBuilder().setName("pools").addInput(value("x", 2, 3, 6, 6))
        .addNode(node("Relu", "relu_a", List.of("x"), "a")).addNode(pool("pool_a", "a", "pa"))
        .addNode(node("Relu", "relu_b", List.of("x"), "b")).addNode(pool("pool_b", "b", "pb"))
        .addNode(node("Add", "uses_b", List.of("b", "b"), "bb"))
        .addNode(node("Relu", "relu_c", List.of("x"), "c")).addNode(pool("pool_c", "c", "pc"))
        .addOutput(value("pa", 2, 3, 3, 3)).addOutput(value("pb", 2, 3, 3, 3)).addOutput(value("bb", 2, 3, 6, 6))
        .addOutput(value("c", 2, 3, 6, 6)).addOutput(value("pc", 2, 3, 3, 3));
    Graph graph = new GraphBuilder(Path.of("pools.onnx"), n -> false).build(model(g));
    // (compared sorted: the topological order interleaves the three branches)
    List<String> nodes = graph.nodes().stream().map(n -> n.name() + ":" + n.opType() + n.inputs() + n.outputs())
        .sorted().toList();
    // b also feeds an Add and c is a graph output: those two Relus stay before their poolings
    assertEquals(List.of("pool_a:MaxPool[x][a/max_pool_before_relu]", "pool_b:MaxPool[b][pb]",
        "pool_c:MaxPool[c][pc]", "relu_a:Relu[a/max_pool_before_relu][pa]", "relu_b:Relu[x][b]", "relu_c:Relu[x][c]",
        "uses_b:Add[b, b][bb]"), nodes);
  }

  @Test
  void swappedGraphEqualsPoolingOfRectifiedValuesBitForBit() throws Exception {
    GraphProto.Builder g = GraphProto.newBuilder().setName("relu_pool").addInput(value("x", 4, 3, 8, 8))
        .addNode(node("Relu", "relu", List.of("x"), "r")).addNode(pool("pool", "r", "y"))
        .addOutput(value("y", 4, 3, 4, 4));
    Path file = dir.resolve("relu_pool.onnx");
    Files.write(file, model(g).toByteArray());
    float[] x = tiedValues(4 * 3 * 8 * 8, 7);
    float[] dy = new float[4 * 3 * 4 * 4];
    Random rnd = new Random(3);
    for (int i = 0; i < dy.length; i++) {
      dy[i] = (float) rnd.nextGaussian();
    }
    try (OnnxModel m = OnnxImporter.importModel(file, OnnxImportOptions.DEFAULTS)) {
      assertEquals(List.of("MaxPool", "Relu"), m.graph().nodes().stream().map(Node::opType).toList());
      INDArray input = Nd4j.createFromArray(x).reshape(4, 3, 8, 8);
      var pass = m.forward(TensorMap.empty(), TensorMap.empty(), Map.of("x", input), Mode.TRAIN, 1L);
      Gradients grads = m.backward(pass, Nd4j.createFromArray(dy).reshape(4, 3, 4, 4),
          EnumSet.of(BackwardOption.INPUT_GRADIENTS));
      float[][] expected = reluThenPool(x, dy, 4 * 3, 8);
      assertArrayEquals(bits(expected[0]), bits(pass.output().castTo(DataType.FLOAT).reshape(-1).toFloatVector()));
      assertArrayEquals(bits(expected[1]), bits(grads.inputs().get("x").castTo(DataType.FLOAT).reshape(-1)
          .toFloatVector()));
    }
  }

  /** {y, dx} of Relu then 2 x 2 / 2 MaxPool, first tap winning ties, Relu's derivative 0 at 0. */
  private static float[][] reluThenPool(float[] x, float[] dy, int planes, int side) {
    int half = side / 2;
    float[] y = new float[planes * half * half];
    float[] dx = new float[x.length];
    for (int p = 0, o = 0; p < planes; p++) {
      for (int i = 0; i < half; i++) {
        for (int j = 0; j < half; j++, o++) {
          int best = -1;
          float bestValue = 0;
          for (int t = 0; t < 4; t++) {
            int at = p * side * side + (2 * i + t / 2) * side + 2 * j + t % 2;
            float r = x[at] > 0 ? x[at] : 0;
            if (best < 0 || r > bestValue) {
              best = at;
              bestValue = r;
            }
          }
          y[o] = bestValue;
          if (x[best] > 0) {
            dx[best] += dy[o];
          }
        }
      }
    }
    return new float[][] {y, dx};
  }

  /** Values in {-2, -1, -0, 0, 1, 2, ...}: many ties, whole windows of non-positive values. */
  private static float[] tiedValues(int n, long seed) {
    Random rnd = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      int k = rnd.nextInt(7) - 3;
      v[i] = k == 0 && rnd.nextBoolean() ? -0f : k;
    }
    return v;
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i] == 0 ? 0f : v[i]); // -0 and +0 are the same gradient
    }
    return b;
  }

  private static NodeProto node(String op, String name, List<String> inputs, String out) {
    return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(out).build();
  }

  private static NodeProto pool(String name, String in, String out) {
    return NodeProto.newBuilder().setName(name).setOpType("MaxPool").addInput(in).addOutput(out)
        .addAttribute(TinyModels.ints("kernel_shape", 2, 2)).addAttribute(TinyModels.ints("strides", 2, 2)).build();
  }

  private static ModelProto model(GraphProto.Builder g) {
    return TinyModels.model(g, 13);
  }
}
