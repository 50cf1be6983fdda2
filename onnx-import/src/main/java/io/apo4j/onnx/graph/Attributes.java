package io.apo4j.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import io.apo4j.onnx.load.TensorDecoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Typed, checked access to a node's attributes; a wrong type fails naming node and attribute. */
public final class Attributes {
  private final Map<String, AttributeProto> byName;
  private final Path file;
  private String where = "";

  public Attributes(List<AttributeProto> attributes, Path file) {
    this.byName = new LinkedHashMap<>();
    attributes.forEach(a -> byName.put(a.getName(), a));
    this.file = file;
  }

  void setWhere(String value) {
    where = value;
  }

  /** The model file the attributes came from (for error messages). */
  public Path file() {
    return file;
  }

  public Set<String> names() {
    return byName.keySet();
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  public long getInt(String name, long defaultValue) {
    AttributeProto a = byName.get(name);
    return a == null ? defaultValue : typed(a, AttributeType.INT).getI();
  }

  public float getFloat(String name, float defaultValue) {
    AttributeProto a = byName.get(name);
    return a == null ? defaultValue : typed(a, AttributeType.FLOAT).getF();
  }

  public String getString(String name, String defaultValue) {
    AttributeProto a = byName.get(name);
    return a == null ? defaultValue : typed(a, AttributeType.STRING).getS().toStringUtf8();
  }

  /** The ints of {@code name}, or {@code defaultValue} (may be null) when absent. */
  public long[] getInts(String name, long[] defaultValue) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return defaultValue;
    }
    return typed(a, AttributeType.INTS).getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  public float[] getFloats(String name, float[] defaultValue) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return defaultValue;
    }
    List<Float> values = typed(a, AttributeType.FLOATS).getFloatsList();
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** The tensor of {@code name}, or null when absent. */
  public INDArray getTensor(String name) {
    AttributeProto a = byName.get(name);
    return a == null ? null : TensorDecoder.decode(typed(a, AttributeType.TENSOR).getT(), file);
  }

  /** The raw attribute, for types this class has no getter for. */
  public AttributeProto raw(String name) {
    return byName.get(name);
  }

  /** An UNSUPPORTED import error about attribute {@code name}. */
  public ModelImportException unsupported(String name, String expected) {
    AttributeProto a = byName.get(name);
    return new ModelImportException(Reason.UNSUPPORTED, where + ": attribute " + name + "="
        + (a == null ? "(absent)" : value(a)) + " is not supported; supported: " + expected);
  }

  private AttributeProto typed(AttributeProto a, AttributeType expected) {
    AttributeType actual = a.getType();
    if (actual != expected && actual != AttributeType.UNDEFINED) {
      throw new ModelImportException(Reason.CORRUPT, where + ": attribute '" + a.getName() + "' has type " + actual
          + "; expected " + expected);
    }
    return a;
  }

  private static String value(AttributeProto a) {
    return switch (a.getType()) {
      case INT -> Long.toString(a.getI());
      case FLOAT -> Float.toString(a.getF());
      case STRING -> a.getS().toStringUtf8();
      case INTS -> a.getIntsList().toString();
      case FLOATS -> a.getFloatsList().toString();
      default -> a.getType().toString();
    };
  }
}
