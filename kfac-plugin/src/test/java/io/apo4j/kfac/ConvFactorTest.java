package io.apo4j.kfac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.apo4j.api.TensorMap;
import io.apo4j.api.model.ConvGeometry;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.model.WeightLayout;
import io.apo4j.api.optim.OptimizerState;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/** KFC factors of a tiny conv layer (2 examples, 2 channels, 6x5 input, 3x2 kernel, stride, pad, dilation). */
class ConvFactorTest {
  private static final int N = 2;
  private static final int C = 2;
  private static final int H = 6;
  private static final int W = 5;
  private static final int M = 3;
  private static final ConvGeometry GEO = new ConvGeometry(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1, 1, 1},
      new int[] {1, 2});
  private static final int OH = 3;
  private static final int OW = 5;
  private final Random rnd = new Random(5);

  /** The plugin's patches times the weight matrix is ND4J's own conv2d: the im2col layout is right. */
  @Test
  void patchesReproduceNd4jConvolution() {
    INDArray x = Nd4j.rand(DataType.DOUBLE, N, C, H, W).subi(0.5);
    INDArray w = Nd4j.rand(DataType.DOUBLE, M, C, 3, 2).subi(0.5);
    Conv2DConfig cfg = Conv2DConfig.builder().kH(3).kW(2).sH(2).sW(1).pH(1).pW(1).dH(1).dW(2)
        .paddingMode(PaddingMode.VALID).dataFormat("NCHW").weightsFormat(org.nd4j.enums.WeightsFormat.OIYX).build();
    INDArray reference = Nd4j.cnn().conv2d(x, w, cfg);
    assertArrayEquals(new long[] {N, M, OH, OW}, reference.shape());

    INDArray patches = Im2col.patches(x, GEO, false, DataType.DOUBLE);
    INDArray rows = Nd4j.gemm(patches, w.reshape('c', M, C * 6), false, true);
    INDArray ours = rows.reshape('c', N, OH, OW, M).permute(0, 3, 1, 2);
    ClosedFormTest.assertClose(Mat.of(reference.reshape('c', N * M, OH * OW)),
        Mat.of(ours.dup('c').reshape('c', N * M, OH * OW)), 1e-12);
  }

  /** A and G after one step (decay 0) match sums over patches built here by direct indexing. */
  @Test
  void factorsMatchIndependentIm2col() {
    double[][][][] x = random4(N, C, H, W);
    double[][][][] og = random4(N, M, OH, OW);
    KroneckerLayer layer = layer();
    int cols = C * 6 + 1;
    double[][] a = new double[cols][cols];
    double[][] g = new double[M][M];
    double[][] grad = new double[M][cols];
    for (int e = 0; e < N; e++) {
      for (int i = 0; i < OH; i++) {
        for (int j = 0; j < OW; j++) {
          double[] patch = patch(x[e], i, j);
          double[] ge = new double[M];
          for (int o = 0; o < M; o++) {
            ge[o] = og[e][o][i][j];
          }
          a = Mat.add(a, Mat.scale(Mat.outer(patch, patch), 1.0 / (N * OH * OW)));
          g = Mat.add(g, Mat.scale(Mat.outer(ge, ge), N)); // (1/N) sum (N og)(N og)^T
          grad = Mat.add(grad, Mat.outer(ge, patch));
        }
      }
    }
    LayerCurvature c = oneStep(layer, Nd4j.create(x), Nd4j.create(og), grad);
    ClosedFormTest.assertClose(a, Mat.of(c.a()), 1e-12);
    ClosedFormTest.assertClose(g, Mat.of(c.g()), 1e-12);
  }

  /**
   * The scaling convention: a 1x1 conv whose input and output gradient are the same at all L
   * locations has the dense layer's A (averaged over locations) and L times its G (summed).
   */
  @Test
  void spatialCopiesKeepAAndMultiplyGByLocations() {
    int l = 4;
    double[][] xd = TinyDense.randomInputs(N, C, rnd);
    double[][] ogd = TinyDense.randomInputs(N, M, rnd);
    INDArray x = Mat.nd(xd).reshape(N, C, 1, 1).repeat(2, 2).repeat(3, 2).dup('c');
    INDArray og = Mat.nd(ogd).reshape(N, M, 1, 1).repeat(2, 2).repeat(3, 2).dup('c');
    KroneckerLayer conv = new KroneckerLayer("conv", LayerKind.CONV, "conv.w", "conv.b", M, C,
        WeightLayout.CONV_OIHW, new ConvGeometry(new int[] {1, 1}, new int[] {1, 1}, new int[4], new int[] {1, 1}));
    KroneckerFactors f = KroneckerFactors.of(conv, new LayerTap(x, og), N, DataType.DOUBLE);
    double[][][] dense = ClosedFormTest.factors(xd, ogd);
    ClosedFormTest.assertClose(dense[0], Mat.of(f.a()), 1e-12);
    ClosedFormTest.assertClose(Mat.scale(dense[1], l), Mat.of(f.g()), 1e-12);
  }

  private LayerCurvature oneStep(KroneckerLayer layer, INDArray x, INDArray og, double[][] grad) {
    TensorMap params = TensorMap.builder().put("conv.w", Nd4j.zeros(DataType.DOUBLE, M, C, 3, 2))
        .put("conv.b", Nd4j.zeros(DataType.DOUBLE, M)).build();
    INDArray gm = Mat.nd(grad);
    TensorMap grads = TensorMap.builder().put("conv.w", layer.weightFromMatrix(gm, new long[] {M, C, 3, 2}))
        .put("conv.b", layer.biasFromMatrix(gm, new long[] {M})).build();
    KfacOptimizer opt = Kfacs.create(Kfacs.bare(1e-3));
    OptimizerState s = opt.init(params, List.of(layer));
    TapContext ctx = new TapContext(0, params, List.of(layer), Map.of("conv", new LayerTap(x, og)), N);
    return ((KfacState) opt.update(grads, s, ctx).state()).curvature().get("conv");
  }

  private static KroneckerLayer layer() {
    return new KroneckerLayer("conv", LayerKind.CONV, "conv.w", "conv.b", M, C * 6, WeightLayout.CONV_OIHW, GEO);
  }

  /** The receptive field of output (i, j), ordered (channel, kernel row, kernel column), then 1. */
  private static double[] patch(double[][][] x, int i, int j) {
    double[] p = new double[C * 6 + 1];
    int k = 0;
    for (int c = 0; c < C; c++) {
      for (int ki = 0; ki < 3; ki++) {
        for (int kj = 0; kj < 2; kj++) {
          int row = i * 2 - 1 + ki;
          int col = j - 1 + 2 * kj;
          p[k++] = row >= 0 && row < H && col >= 0 && col < W ? x[c][row][col] : 0;
        }
      }
    }
    p[k] = 1;
    return p;
  }

  private double[][][][] random4(int a, int b, int c, int d) {
    double[][][][] out = new double[a][b][c][d];
    for (double[][][] x : out) {
      for (double[][] y : x) {
        for (double[] z : y) {
          for (int i = 0; i < d; i++) {
            z[i] = rnd.nextGaussian();
          }
        }
      }
    }
    return out;
  }
}
