package io.apo4j.kfac;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arithmetic of factors and decompositions. {@link #BFLOAT16} exists for the low-precision
 * experiment: it stores float32 arrays whose every value is rounded to bfloat16 (8 mantissa bits)
 * after each factor update and after each decomposition, which is what 16-bit storage does to
 * the numbers while the BLAS/LAPACK calls themselves stay float32.
 */
public enum FactorPrecision {
  FLOAT64(DataType.DOUBLE),
  FLOAT32(DataType.FLOAT),
  BFLOAT16(DataType.FLOAT);

  private final DataType dataType;

  FactorPrecision(DataType dataType) {
    this.dataType = dataType;
  }

  /** The ND4J type factors and decompositions are held in. */
  public DataType dataType() {
    return dataType;
  }

  /** The config spelling, e.g. {@code float32}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> keys() {
    return Arrays.stream(values()).map(FactorPrecision::key).toList();
  }

  static FactorPrecision of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }

  /** {@code x} in this precision: cast, and in 16-bit mode rounded (a new array unless unchanged). */
  INDArray apply(INDArray x) {
    INDArray cast = x.dataType() == dataType ? x : x.castTo(dataType);
    if (this != BFLOAT16) {
      return cast;
    }
    float[] values = cast.dup('c').data().asFloat();
    for (int i = 0; i < values.length; i++) {
      values[i] = roundToBfloat16(values[i]);
    }
    return Nd4j.create(values, cast.shape(), 'c');
  }

  /** Round-to-nearest-even onto the bfloat16 grid (the top 16 bits of a float32). */
  static float roundToBfloat16(float value) {
    if (Float.isNaN(value)) {
      return value;
    }
    int bits = Float.floatToRawIntBits(value);
    int lsb = (bits >>> 16) & 1;
    int rounded = (bits + 0x7FFF + lsb) & 0xFFFF0000;
    return Float.intBitsToFloat(rounded);
  }
}
