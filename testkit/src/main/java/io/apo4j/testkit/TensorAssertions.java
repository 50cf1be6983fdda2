package io.apo4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.apo4j.api.TensorMap;
import io.apo4j.api.Stable;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Assertions on tensors and tensor maps whose failure messages name the entry and the worst element. */
@Stable
public final class TensorAssertions {
  private TensorAssertions() {}

  /** The elements of {@code a} in C order as doubles. */
  public static double[] values(INDArray a) {
    return a.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
  }

  /** Fails unless every element of {@code actual} is within {@code atol + rtol * |expected|}. */
  public static void assertClose(INDArray expected, INDArray actual, double rtol, double atol, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = values(expected);
    double[] a = values(actual);
    int worst = -1;
    double worstExcess = 0;
    for (int i = 0; i < e.length; i++) {
      if (Double.isNaN(e[i]) && Double.isNaN(a[i]) || e[i] == a[i]) {
        continue;
      }
      double excess = Math.abs(e[i] - a[i]) - (atol + rtol * Math.abs(e[i]));
      if (!(excess <= worstExcess)) {
        worst = i;
        worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
      }
    }
    if (worst >= 0) {
      fail(what + ": element " + worst + " differs; expected " + e[worst] + ", found " + a[worst]
          + " (rtol " + rtol + ", atol " + atol + ")");
    }
  }

  /** {@link #assertClose} for every entry; the two maps must have the same names. */
  public static void assertClose(TensorMap expected, TensorMap actual, double rtol, double atol, String what) {
    assertEquals(expected.names(), actual.names(), what + ": names");
    for (String name : expected.names()) {
      assertClose(expected.get(name), actual.get(name), rtol, atol, what + " '" + name + "'");
    }
  }

  /** Fails unless the two maps hold bit-identical values (same names, shapes, data types). */
  public static void assertIdentical(TensorMap expected, TensorMap actual, String what) {
    assertEquals(expected.names(), actual.names(), what + ": names");
    for (String name : expected.names()) {
      assertEquals(expected.get(name).dataType(), actual.get(name).dataType(), what + " '" + name + "': data type");
      assertClose(expected.get(name), actual.get(name), 0, 0, what + " '" + name + "'");
    }
  }

  /** Fails naming the first NaN or infinite element. */
  public static void assertFinite(INDArray a, String what) {
    double[] v = values(a);
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        fail(what + ": element " + i + " is not finite; found " + v[i]);
      }
    }
  }
}
