package io.apo4j.onnx.ops;

import static io.apo4j.onnx.ops.OpHarness.longs;
import static io.apo4j.onnx.ops.OpHarness.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resize forms newer than the node tests of onnx 1.12 (antialias, keep_aspect_ratio_policy and
 * axes are opset 18; the committed node cases cover linear, cubic and tf_crop_and_resize): expected
 * values from ONNX's reference algorithm (onnx/reference/ops/op_resize.py), and finite-difference
 * checks of every interpolating variant's VJP.
 */
class ResizeModesTest {
  private static INDArray oneToSixteen() {
    return Nd4j.linspace(1, 16, 16, org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(1, 1, 4, 4);
  }

  private static INDArray scales(double h, double w) {
    return Nd4j.createFromArray(1.0, 1.0, h, w);
  }

  @Test
  void antialiasWidensTheKernelWhenDownsampling() {
    INDArray linear = new OpHarness("Resize", 18).text("mode", "linear").integer("antialias", 1)
        .forward(oneToSixteen(), null, scales(0.6, 0.6))[0];
    assertArrayEquals(new double[] {2.875, 4.5, 9.375, 11.0}, Tensors.values(linear), 1e-6);
    INDArray cubic = new OpHarness("Resize", 18).text("mode", "cubic").integer("antialias", 1)
        .forward(oneToSixteen(), null, scales(0.6, 0.6))[0];
    assertArrayEquals(new double[] {2.5180721, 4.2858863, 9.5893288, 11.3571424}, Tensors.values(cubic), 1e-6);
    INDArray sized = new OpHarness("Resize", 18).text("mode", "cubic").integer("antialias", 1)
        .forward(oneToSixteen(), null, null, longs(1, 1, 3, 3))[0];
    assertArrayEquals(new double[] {1.7750092, 3.1200073, 4.4650054, 7.1550016, 8.5, 9.8449984, 12.5349941,
        13.8799925, 15.2249908}, Tensors.values(sized), 1e-6);
  }

  @Test
  void keepAspectRatioPolicyUsesOneScaleForAllAxes() {
    INDArray x = Nd4j.linspace(1, 8, 8, org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(1, 1, 2, 4);
    INDArray smaller = new OpHarness("Resize", 18).text("keep_aspect_ratio_policy", "not_smaller").ints("axes", 2, 3)
        .forward(x, null, null, longs(1, 3))[0];
    assertArrayEquals(new long[] {1, 1, 2, 3}, smaller.shape());
    assertArrayEquals(new double[] {1, 2, 4, 5, 6, 8}, Tensors.values(smaller), 0);
    INDArray larger = new OpHarness("Resize", 18).text("keep_aspect_ratio_policy", "not_larger").ints("axes", 2, 3)
        .forward(oneToSixteen().get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)),
            null, null, longs(7, 8))[0];
    assertArrayEquals(new long[] {1, 1, 7, 7}, larger.shape());
  }

  @Test
  void cropAndResizeOnGivenAxesAndExtrapolation() {
    INDArray full = new OpHarness("Resize", 13).text("mode", "linear")
        .text("coordinate_transformation_mode", "tf_crop_and_resize")
        .forward(oneToSixteen(), Nd4j.createFromArray(0, 0, 0.4, 0.6, 1, 1, 0.6, 0.8), null, longs(1, 1, 3, 3))[0];
    INDArray swapped = new OpHarness("Resize", 18).text("mode", "linear").ints("axes", 3, 2)
        .text("coordinate_transformation_mode", "tf_crop_and_resize")
        .forward(oneToSixteen(), Nd4j.createFromArray(0.6, 0.4, 0.8, 0.6), null, longs(3, 3))[0];
    assertArrayEquals(Tensors.values(full), Tensors.values(swapped), 1e-12);
    INDArray outside = new OpHarness("Resize", 13).text("mode", "linear").real("extrapolation_value", 10)
        .text("coordinate_transformation_mode", "tf_crop_and_resize")
        .forward(oneToSixteen(), Nd4j.createFromArray(0, 0, 0.4, 0.6, 1, 1, 1.2, 1.7), null, longs(1, 1, 3, 3))[0];
    assertArrayEquals(new double[] {7.6, 10, 10, 12.4, 10, 10, 10, 10, 10}, Tensors.values(outside), 1e-6);
  }

  @Test
  void interpolatingVjpsMatchFiniteDifferences() {
    INDArray x = random(21, 1, 2, 4, 5);
    new OpHarness("Resize", 19).text("mode", "linear").fixed(2).checkGradients(x, null, scales(1.7, 0.6));
    new OpHarness("Resize", 19).text("mode", "cubic").integer("exclude_outside", 1).real("cubic_coeff_a", -0.5f)
        .fixed(2).checkGradients(x, null, scales(2.0, 1.3));
    new OpHarness("Resize", 19).text("mode", "cubic").integer("antialias", 1).text("coordinate_transformation_mode",
        "half_pixel_symmetric").ints("axes", 3).checkGradients(x, null, null, longs(2));
    new OpHarness("Resize", 19).text("mode", "linear").text("coordinate_transformation_mode", "align_corners")
        .fixed(2).checkGradients(x, null, scales(0.6, 1.5));
    new OpHarness("Resize", 19).text("mode", "linear").text("coordinate_transformation_mode", "tf_crop_and_resize")
        .real("extrapolation_value", 3).fixed(1).ints("axes", 2, 3)
        .checkGradients(x, Nd4j.createFromArray(0.2, -0.3, 0.9, 1.4), null, longs(3, 4));
  }

  @Test
  void upsampleIsAnAsymmetricResize() {
    INDArray x = Nd4j.createFromArray(new double[][][][] {{{{1, 2}, {3, 4}}}});
    INDArray y = new OpHarness("Upsample", 9).forward(x, scales(2, 3))[0];
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4},
        Tensors.values(y), 0);
    INDArray linear = new OpHarness("Upsample", 7).text("mode", "linear").floats("scales", 1, 1, 1, 2)
        .forward(x)[0];
    assertArrayEquals(new double[] {1, 1.5, 2, 2, 3, 3.5, 4, 4}, Tensors.values(linear), 1e-12);
    new OpHarness("Upsample", 9).text("mode", "linear").fixed(1).checkGradients(random(22, 1, 2, 3, 2), scales(2, 1.5));
  }
}
