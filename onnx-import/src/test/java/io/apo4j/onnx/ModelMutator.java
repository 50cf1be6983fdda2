package io.apo4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of an ONNX file for the import fuzz test: byte-level damage (bit flips,
 * truncation, overwritten or inserted bytes) and structural edits of protobuf fields (names,
 * op types, dims, data types, attributes, opsets, external data, cycles).
 */
final class ModelMutator {
  /** A mutated file and what was done to it. */
  record Variant(byte[] bytes, String description) {}

  private static final long[] ODD_NUMBERS = {-1, 0, 1, 2, 3, 7, 1000, 1L << 31, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};
  private static final List<String> OP_TYPES = List.of("", "Foo", "Conv", "Gemm", "Relu", "MaxPool", "Loop", "Reshape",
      "Add", "Softmax", "Flatten", "Concat", "If", "Identity", "BatchNormalization");

  private final Random random;

  ModelMutator(long seed) {
    this.random = new Random(seed);
  }

  Variant bytes(byte[] original) {
    byte[] b = original.clone();
    return switch (random.nextInt(4)) {
      case 0 -> {
        int flips = 1 + random.nextInt(16);
        for (int i = 0; i < flips; i++) {
          int at = random.nextInt(b.length);
          b[at] ^= (byte) (1 << random.nextInt(8));
        }
        yield new Variant(b, flips + " bit flips");
      }
      case 1 -> {
        int len = random.nextInt(b.length);
        yield new Variant(java.util.Arrays.copyOf(b, len), "truncated to " + len + " of " + b.length + " bytes");
      }
      case 2 -> {
        int at = random.nextInt(b.length);
        int n = Math.min(b.length - at, 1 + random.nextInt(64));
        for (int i = 0; i < n; i++) {
          b[at + i] = (byte) random.nextInt(256);
        }
        yield new Variant(b, n + " bytes overwritten at " + at);
      }
      default -> {
        int at = random.nextInt(b.length);
        byte[] extra = new byte[1 + random.nextInt(16)];
        random.nextBytes(extra);
        byte[] out = new byte[b.length + extra.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(b, at, out, at + extra.length, b.length - at);
        yield new Variant(out, extra.length + " bytes inserted at " + at);
      }
    };
  }

  Variant fields(ModelProto original) {
    ModelProto.Builder m = original.toBuilder();
    StringBuilder what = new StringBuilder();
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits; i++) {
      what.append(i == 0 ? "" : "; ").append(edit(m));
    }
    return new Variant(m.build().toByteArray(), what.toString());
  }

  private String edit(ModelProto.Builder m) {
    GraphProto.Builder g = m.getGraphBuilder();
    int nodes = g.getNodeCount();
    int inits = g.getInitializerCount();
    int kind = random.nextInt(18);
    boolean needsNodes = kind <= 2 || kind == 6 || kind == 7 || kind >= 13 && kind != 14;
    boolean needsInitializers = kind >= 3 && kind <= 5 || kind == 12 || kind == 14;
    if (needsNodes && nodes == 0 || needsInitializers && inits == 0) {
      kind = 9;
    }
    switch (kind) {
      case 0 -> {
        NodeProto.Builder n = g.getNodeBuilder(random.nextInt(nodes));
        if (n.getInputCount() == 0) {
          return "nothing (node without inputs)";
        }
        n.setInput(random.nextInt(n.getInputCount()), "dangling_" + random.nextInt(100));
        return "node '" + n.getName() + "' input renamed to a dangling name";
      }
      case 1 -> {
        NodeProto.Builder n = g.getNodeBuilder(random.nextInt(nodes));
        String op = OP_TYPES.get(random.nextInt(OP_TYPES.size()));
        n.setOpType(op);
        return "node '" + n.getName() + "' op type set to '" + op + "'";
      }
      case 2 -> {
        int at = random.nextInt(nodes);
        g.removeNode(at);
        return "node " + at + " removed";
      }
      case 3 -> {
        TensorProto.Builder t = g.getInitializerBuilder(random.nextInt(inits));
        if (t.getDimsCount() == 0) {
          t.addDims(odd());
        } else {
          t.setDims(random.nextInt(t.getDimsCount()), odd());
        }
        return "initializer '" + t.getName() + "' dims set to " + t.getDimsList();
      }
      case 4 -> {
        TensorProto.Builder t = g.getInitializerBuilder(random.nextInt(inits));
        t.setDataType(random.nextInt(20));
        return "initializer '" + t.getName() + "' data type set to " + t.getDataType();
      }
      case 5 -> {
        TensorProto.Builder t = g.getInitializerBuilder(random.nextInt(inits));
        ByteString raw = t.getRawData();
        t.setRawData(raw.substring(0, raw.isEmpty() ? 0 : random.nextInt(raw.size())));
        return "initializer '" + t.getName() + "' raw data shortened to " + t.getRawData().size();
      }
      case 6 -> {
        return attribute(g.getNodeBuilder(random.nextInt(nodes)));
      }
      case 7 -> {
        int a = random.nextInt(nodes);
        int b = random.nextInt(nodes);
        NodeProto.Builder n = g.getNodeBuilder(Math.min(a, b));
        NodeProto later = g.getNode(Math.max(a, b));
        if (n.getInputCount() == 0 || later.getOutputCount() == 0) {
          return "nothing (no input to rewire)";
        }
        n.setInput(random.nextInt(n.getInputCount()), later.getOutput(0));
        return "node " + Math.min(a, b) + " now reads the output of node " + Math.max(a, b) + " (cycle or self loop)";
      }
      case 8 -> {
        if (g.getOutputCount() == 0) {
          return "nothing (no outputs)";
        }
        ValueInfoProto out = g.getOutput(0);
        if (random.nextBoolean()) {
          g.addOutput(out);
          return "graph output duplicated";
        }
        g.setOutput(0, out.toBuilder().setName("missing_output"));
        return "graph output renamed to a name nothing produces";
      }
      case 9 -> {
        long v = new long[] {0, 1, 5, 6, 99, 1000, -3}[random.nextInt(7)];
        if (m.getOpsetImportCount() > 0) {
          m.setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(v));
        }
        return "opset set to " + v;
      }
      case 10 -> {
        long v = new long[] {0, 1, 2, 3, 99, -1}[random.nextInt(6)];
        m.setIrVersion(v);
        return "ir_version set to " + v;
      }
      case 11 -> {
        return inputShape(g);
      }
      case 12 -> {
        TensorProto.Builder t = g.getInitializerBuilder(random.nextInt(inits));
        String loc = new String[] {"../../../../etc/passwd", "/etc/passwd", "missing.bin", "", "sub/../../x"}[random.nextInt(5)];
        t.clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(loc));
        return "initializer '" + t.getName() + "' moved to external data at '" + loc + "'";
      }
      case 13 -> {
        int a = random.nextInt(nodes);
        int b = random.nextInt(nodes);
        if (g.getNode(a).getOutputCount() == 0 || g.getNode(b).getOutputCount() == 0) {
          return "nothing (no outputs)";
        }
        g.getNodeBuilder(b).setOutput(0, g.getNode(a).getOutput(0));
        return "node " + b + " output renamed to node " + a + "'s (duplicate producer)";
      }
      case 14 -> {
        int at = random.nextInt(inits);
        String name = g.getInitializer(at).getName();
        g.removeInitializer(at);
        return "initializer '" + name + "' removed";
      }
      case 15 -> {
        NodeProto.Builder n = g.getNodeBuilder(random.nextInt(nodes));
        if (n.getAttributeCount() == 0) {
          return "nothing (no attributes)";
        }
        AttributeProto.Builder a = n.getAttributeBuilder(random.nextInt(n.getAttributeCount()));
        a.setType(AttributeProto.AttributeType.forNumber(random.nextInt(15)) == null ? AttributeProto.AttributeType.INT
            : AttributeProto.AttributeType.forNumber(random.nextInt(15)));
        return "node '" + n.getName() + "' attribute '" + a.getName() + "' type set to " + a.getType();
      }
      case 16 -> {
        NodeProto.Builder n = g.getNodeBuilder(random.nextInt(nodes));
        n.setDomain(random.nextBoolean() ? "com.microsoft" : "ai.onnx.ml");
        return "node '" + n.getName() + "' domain set to " + n.getDomain();
      }
      default -> {
        NodeProto.Builder n = g.getNodeBuilder(random.nextInt(nodes));
        int count = n.getInputCount();
        if (count > 0 && random.nextBoolean()) {
          java.util.List<String> kept = new java.util.ArrayList<>(n.getInputList().subList(0, count - 1));
          n.clearInput().addAllInput(kept);
          return "node '" + n.getName() + "' last input removed";
        }
        n.addInput(n.getInputCount() > 0 ? n.getInput(0) : "x");
        return "node '" + n.getName() + "' got an extra input";
      }
    }
  }

  private String attribute(NodeProto.Builder n) {
    if (n.getAttributeCount() == 0) {
      n.addAttribute(AttributeProto.newBuilder().setName("bogus").setType(AttributeProto.AttributeType.INT).setI(odd()));
      return "node '" + n.getName() + "' got an unknown attribute";
    }
    AttributeProto.Builder a = n.getAttributeBuilder(random.nextInt(n.getAttributeCount()));
    if (a.getIntsCount() > 0) {
      a.setInts(random.nextInt(a.getIntsCount()), odd());
    } else if (random.nextBoolean()) {
      a.setI(odd());
    } else {
      a.setF(new float[] {Float.NaN, -1f, 0f, 1e30f}[random.nextInt(4)]);
    }
    return "node '" + n.getName() + "' attribute '" + a.getName() + "' set to " + a.getIntsList() + "/" + a.getI() + "/" + a.getF();
  }

  private String inputShape(GraphProto.Builder g) {
    if (g.getInputCount() == 0) {
      return "nothing (no inputs)";
    }
    ValueInfoProto.Builder in = g.getInputBuilder(0);
    TensorShapeProto.Builder shape = in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
    if (shape.getDimCount() == 0) {
      in.getTypeBuilder().getTensorTypeBuilder().setElemType(random.nextInt(20));
      return "input element type set to " + in.getType().getTensorType().getElemType();
    }
    int at = random.nextInt(shape.getDimCount());
    long v = odd();
    shape.setDim(at, TensorShapeProto.Dimension.newBuilder().setDimValue(v));
    return "input dim " + at + " set to " + v;
  }

  private long odd() {
    return ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)];
  }
}
