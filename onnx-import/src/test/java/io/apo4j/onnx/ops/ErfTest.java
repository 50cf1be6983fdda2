package io.apo4j.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The table-and-Taylor erf against its defining series and published values. */
class ErfTest {
  @Test
  void matchesTheSeriesEverywhereToDoublePrecision() {
    double worst = 0;
    for (int i = -70_000; i <= 70_000; i++) {
      double x = i * 1e-4 + 3.7e-6; // off-grid points, both signs, past the +-6 cut-off
      double expected = Math.signum(x) * ScalarFunctions.erfSeries(Math.abs(x));
      double got = ScalarFunctions.erf(x);
      worst = Math.max(worst, Math.abs(got - expected) / Math.max(Math.abs(expected), 1e-300));
    }
    assertTrue(worst < 1e-14, "worst relative error " + worst);
  }

  @Test
  void publishedValues() {
    // high-precision references, to a few ulps (the series that fills the grid rounds a little)
    assertEquals(0.5204998778130465, ScalarFunctions.erf(0.5), 5e-16); // a few ulps
    assertEquals(0.8427007929497149, ScalarFunctions.erf(1), 5e-16); // a few ulps
    assertEquals(-0.9953222650189527, ScalarFunctions.erf(-2), 5e-16); // a few ulps
    assertEquals(0.9999779095030014, ScalarFunctions.erf(3), 5e-16); // a few ulps
    assertEquals(1.1283791670955126e-10, ScalarFunctions.erf(1e-10), 1e-26);
    assertEquals(0.0, ScalarFunctions.erf(0.0));
    assertEquals(1.0, ScalarFunctions.erf(7.0));
    assertTrue(Double.isNaN(ScalarFunctions.erf(Double.NaN)));
  }
}
