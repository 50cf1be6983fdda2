package io.apo4j.onnx.model;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.onnx.exec.Executor;
import io.apo4j.onnx.exec.Trace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A forward pass of an {@link OnnxModel}: the outputs plus the trace its backward pass reads. */
final class OnnxForwardPass implements ForwardPass {
  private final Trace trace;
  private final List<String> outputNames;
  private final TensorMap updatedBuffers;
  private final OnnxModel model;
  private boolean released;

  OnnxForwardPass(OnnxModel model, Trace trace, List<String> outputNames, TensorMap updatedBuffers) {
    this.model = model;
    this.trace = trace;
    this.outputNames = List.copyOf(outputNames);
    this.updatedBuffers = updatedBuffers;
  }

  Trace trace() {
    return trace;
  }

  OnnxModel model() {
    return model;
  }

  @Override
  public INDArray output() {
    return trace.values().get(outputNames.get(0));
  }

  @Override
  public Map<String, INDArray> outputs() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    outputNames.forEach(n -> out.put(n, trace.values().get(n)));
    return out;
  }

  @Override
  public TensorMap updatedBuffers() {
    return updatedBuffers;
  }

  @Override
  public void release() {
    if (!released) {
      released = true;
      Executor.release(model.graph(), trace, updatedBuffers.asMap().values());
    }
  }

  boolean released() {
    return released;
  }
}
