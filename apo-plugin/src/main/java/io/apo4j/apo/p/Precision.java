package io.apo4j.apo.p;

import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The precision APO-P keeps phi and the preconditioned gradient P(G) in. bfloat16 is emulated by
 * rounding (to nearest, ties to even) each value to the 8 significant bits bfloat16 stores, so the
 * arithmetic stays in the parameters' type but the stored values are exactly 16-bit.
 */
enum Precision {
  /** No rounding beyond the parameters' own type. */
  FLOAT32,
  /** Round phi and P(G) to bfloat16 (the low-precision experiment). */
  BFLOAT16;

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> ids() {
    return List.of(FLOAT32.id(), BFLOAT16.id());
  }

  static Precision of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }

  /** {@code a} as stored in this precision: itself, or a rounded copy. */
  INDArray round(INDArray a) {
    if (this == FLOAT32) {
      return a;
    }
    double[] values = a.dup('c').data().asDouble();
    for (int i = 0; i < values.length; i++) {
      values[i] = toBfloat16(values[i]);
    }
    INDArray out = Nd4j.create(values, a.shape(), DataType.DOUBLE);
    return a.dataType() == DataType.DOUBLE ? out : out.castTo(a.dataType());
  }

  /** The bfloat16 value nearest to {@code x} (ties to even), as a double. */
  static double toBfloat16(double x) {
    float f = (float) x;
    if (!Float.isFinite(f)) {
      return f;
    }
    int bits = Float.floatToRawIntBits(f);
    bits += 0x7FFF + ((bits >>> 16) & 1);
    return Float.intBitsToFloat(bits & 0xFFFF0000);
  }
}
