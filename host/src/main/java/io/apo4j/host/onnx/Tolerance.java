package io.apo4j.host.onnx;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ONNX backend-test comparison: same shape, same data type, and elementwise
 * {@code |a - e| <= atol + rtol * |e|} (NaN matches NaN); integer and bool tensors must be equal.
 *
 * @param atol absolute tolerance
 * @param rtol relative tolerance
 */
public record Tolerance(double atol, double rtol) {
  /** The tolerance of ONNX's backend tests and of {@code check.py}. */
  public static final Tolerance BACKEND_TEST = new Tolerance(1e-5, 1e-4);

  /** How an actual tensor compares with the expected one. */
  public record Verdict(boolean passed, String detail, double maxAbsError) {}

  public Verdict compare(INDArray expected, INDArray actual) {
    if (!Arrays.equals(expected.shape(), actual.shape())) {
      return new Verdict(false, "shape " + Arrays.toString(actual.shape()) + "; expected "
          + Arrays.toString(expected.shape()), Double.NaN);
    }
    if (expected.dataType() != actual.dataType()) {
      return new Verdict(false, "data type " + actual.dataType() + "; expected " + expected.dataType(), Double.NaN);
    }
    boolean exact = !expected.dataType().isFPType();
    INDArray e = expected.dup('c');
    INDArray a = actual.dup('c');
    double maxAbs = 0;
    long bad = 0;
    long firstBad = -1;
    for (long i = 0; i < e.length(); i++) {
      double ev = e.getDouble(i);
      double av = a.getDouble(i);
      if (Double.isNaN(ev) && Double.isNaN(av) || ev == av) {
        continue;
      }
      double diff = Math.abs(av - ev);
      maxAbs = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(maxAbs, diff);
      if (exact || !(diff <= atol + rtol * Math.abs(ev))) {
        bad++;
        firstBad = firstBad < 0 ? i : firstBad;
      }
    }
    if (bad > 0) {
      return new Verdict(false, bad + " of " + e.length() + " values differ (first at flat index " + firstBad
          + ": " + a.getDouble(firstBad) + ", expected " + e.getDouble(firstBad) + "), max abs error " + maxAbs, maxAbs);
    }
    return new Verdict(true, "max abs error " + maxAbs, maxAbs);
  }
}
