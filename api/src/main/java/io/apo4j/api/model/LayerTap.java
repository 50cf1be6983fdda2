package io.apo4j.api.model;

import io.apo4j.api.Stable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a backward pass recorded at one Kronecker layer.
 *
 * @param input the layer's input activations: N x n for dense layers (leading dimensions
 *     flattened into N), N x c_in x H x W for conv layers (unpadded)
 * @param outputGradient gradient of the scalar loss (as reduced, e.g. a batch mean) with respect
 *     to the layer's pre-activation output: N x m (dense) or N x m x H' x W' (conv)
 */
@Stable
public record LayerTap(INDArray input, INDArray outputGradient) {}
