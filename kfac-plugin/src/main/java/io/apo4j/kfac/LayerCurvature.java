package io.apo4j.kfac;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One Kronecker layer's curvature state.
 *
 * @param a running average of A (n' x n')
 * @param g running average of G (m x m)
 * @param preconditioner the latest successful decomposition of (a, g)
 */
record LayerCurvature(INDArray a, INDArray g, Preconditioner preconditioner) {
  LayerCurvature withFactors(INDArray newA, INDArray newG) {
    return new LayerCurvature(newA, newG, preconditioner);
  }

  LayerCurvature withPreconditioner(Preconditioner next) {
    return new LayerCurvature(a, g, next);
  }
}
