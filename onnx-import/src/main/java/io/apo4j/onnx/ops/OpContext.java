package io.apo4j.onnx.ops;

import io.apo4j.api.model.Mode;
import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one node sees during one pass: the mode, a per-node seed, the pass's float type, a slot
 * for what backward needs, and which input gradients the backward pass wants.
 */
public final class OpContext {
  private final Node node;
  private final Mode mode;
  private final long seed;
  private final DataType floatType;
  private final Map<Integer, INDArray> bufferUpdates = new LinkedHashMap<>();
  private Object saved;
  private boolean[] needsGradient;

  public OpContext(Node node, Mode mode, long seed, DataType floatType) {
    this.node = node;
    this.mode = mode;
    this.seed = seed;
    this.floatType = floatType;
    this.needsGradient = new boolean[node.inputs().size()];
    Arrays.fill(needsGradient, true);
  }

  public Node node() {
    return node;
  }

  public Mode mode() {
    return mode;
  }

  /** A seed for this node's randomness in this pass (dropout masks). */
  public long seed() {
    return seed;
  }

  /** The float type the pass computes in (float32 normally, float64 in gradient checks). */
  public DataType floatType() {
    return floatType;
  }

  /** Keeps {@code value} for the backward pass. */
  public void save(Object value) {
    saved = value;
  }

  public <T> T saved(Class<T> type) {
    return type.cast(saved);
  }

  /** Whether backward must return the gradient of input {@code i}. */
  public boolean needsGradient(int i) {
    return i < needsGradient.length && needsGradient[i];
  }

  /** Set by the executor before each backward call. */
  public void setNeedsGradient(boolean[] flags) {
    needsGradient = flags.clone();
  }

  /**
   * Reports the new value of the buffer fed to input {@code i} (BatchNormalization running
   * statistics in TRAIN mode); the executor returns it as an updated buffer, never writes it.
   */
  public void updateBuffer(int i, INDArray value) {
    bufferUpdates.put(i, value);
  }

  public Map<Integer, INDArray> bufferUpdates() {
    return bufferUpdates;
  }

  /** An error naming this node. */
  public OpException error(String message) {
    return new OpException(node.where() + ": " + message);
  }
}
