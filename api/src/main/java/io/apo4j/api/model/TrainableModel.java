package io.apo4j.api.model;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable model with named float parameters.
 *
 * <p>The model itself holds no training state: parameters and buffers are passed in on every
 * call, so a look-ahead pass at candidate weights cannot disturb the run. Implementations must be
 * safe to call from one thread at a time.
 */
@Stable
public interface TrainableModel extends AutoCloseable {
  /** A short name (the file's stem). */
  String name();

  List<TensorSpec> inputs();

  List<TensorSpec> outputs();

  /** The initial trainable parameters (fresh copies), in graph order. */
  TensorMap parameters();

  /** The initial non-trainable buffers (BatchNormalization running statistics), fresh copies. */
  TensorMap buffers();

  /** Dense and conv layers whose weights are trainable parameters. */
  List<KroneckerLayer> kroneckerLayers();

  /**
   * Runs the model.
   *
   * @param params every trainable parameter, by name
   * @param buffers every buffer, by name
   * @param inputs model inputs by name
   * @param mode train (batch statistics, dropout) or eval
   * @param seed seed for dropout masks in train mode
   */
  ForwardPass forward(TensorMap params, TensorMap buffers, Map<String, INDArray> inputs, Mode mode, long seed);

  /**
   * Back-propagates {@code outputGradient} (dLoss/dOutput of the first output) through the pass.
   */
  Gradients backward(ForwardPass pass, INDArray outputGradient, Set<BackwardOption> options);

  /** Writes the model with these parameter and buffer values to {@code target}. */
  void export(TensorMap params, TensorMap buffers, Path target);

  @Override
  void close();
}
