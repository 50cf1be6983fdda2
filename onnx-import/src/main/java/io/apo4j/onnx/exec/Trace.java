package io.apo4j.onnx.exec;

import io.apo4j.api.model.Mode;
import io.apo4j.onnx.ops.OpContext;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a forward pass recorded for its backward pass: every value by name and each node's context.
 *
 * @param values every value of the pass (inputs, parameters, constants, node outputs)
 * @param contexts one per node, in execution order
 * @param updatedBuffers buffers as the pass leaves them (new running statistics in TRAIN mode)
 */
public record Trace(Map<String, INDArray> values, OpContext[] contexts, Map<String, INDArray> updatedBuffers,
    Mode mode, DataType floatType) {}
