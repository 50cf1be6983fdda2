package io.apo4j.testkit.discrepancy;

import static io.apo4j.testkit.TensorAssertions.assertClose;
import static io.apo4j.testkit.TensorAssertions.assertFinite;
import static io.apo4j.testkit.TensorAssertions.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.TensorMap;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.api.discrepancy.DiscrepancyValue;
import io.apo4j.testkit.FiniteDifferences;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract every function-space discrepancy passes (see {@link Discrepancy}): extend this class,
 * return your provider, and override {@link #outputs} if your discrepancy expects outputs of another
 * shape or range than N x 5 logits.
 */
public abstract class DiscrepancyContract {
  /** The provider under test. */
  protected abstract DiscrepancyProvider provider();

  /** Raw configuration (without {@code id}). */
  protected Map<String, Object> config() {
    return Map.of();
  }

  /** Model outputs for {@code batch} examples drawn from {@code seed}: by default N x 5 logits, N(0, 2^2). */
  protected INDArray outputs(long seed, int batch, DataType type) {
    Random random = new Random(seed);
    double[] v = new double[batch * 5];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * random.nextGaussian();
    }
    return Nd4j.create(v, new long[] {batch, 5}, DataType.DOUBLE).castTo(type);
  }

  /** Relative tolerance of the finite-difference check (float64, central differences, h = 1e-6). */
  protected double gradientTolerance() {
    return 1e-5;
  }

  protected final Discrepancy discrepancy() {
    return provider().create(provider().configSpec().bind(config()));
  }

  @Test
  public void declaresKebabIdAndSupportedApiVersion() {
    assertTrue(provider().id().matches("[a-z0-9]+(-[a-z0-9]+)*"), "id '" + provider().id() + "' is not lowercase-kebab");
    assertTrue(ApiVersion.CURRENT.satisfies(provider().apiVersion()),
        "provider needs API " + provider().apiVersion() + ", this is " + ApiVersion.CURRENT);
  }

  @Test
  public void zeroValueAndZeroGradientAtEquality() {
    INDArray y = outputs(1, 8, DataType.DOUBLE);
    DiscrepancyValue v = discrepancy().evaluate(y, y.dup());
    assertEquals(0, v.value(), 1e-12, "value at equality");
    assertClose(Nd4j.zeros(DataType.DOUBLE, y.shape()), v.gradient(), 0, 1e-12, "gradient at equality");
  }

  @Test
  public void isNonNegative() {
    DiscrepancyValue v = discrepancy().evaluate(outputs(2, 8, DataType.DOUBLE), outputs(3, 8, DataType.DOUBLE));
    assertTrue(v.value() >= 0, "value " + v.value());
  }

  @Test
  public void gradientMatchesFiniteDifferencesInFloat64() {
    Discrepancy d = discrepancy();
    INDArray y = outputs(4, 6, DataType.DOUBLE);
    INDArray old = outputs(5, 6, DataType.DOUBLE);
    DiscrepancyValue v = d.evaluate(y, old);
    assertArrayEquals(y.shape(), v.gradient().shape(), "gradient shape");
    long[] indices = FiniteDifferences.sampleIndices(y.length(), 60);
    double[] numeric = FiniteDifferences.gradient(x -> d.evaluate(x, old).value(), y, indices, 1e-6);
    INDArray flat = v.gradient().dup('c').reshape(y.length());
    double scale = 0;
    for (double n : numeric) {
      scale = Math.max(scale, Math.abs(n));
    }
    for (int k = 0; k < indices.length; k++) {
      assertEquals(numeric[k], flat.getDouble(indices[k]), gradientTolerance() * Math.max(scale, 1e-3),
          "gradient element " + indices[k]);
    }
  }

  @Test
  public void meanDoesNotGrowWithBatchSize() {
    INDArray y = outputs(6, 5, DataType.DOUBLE);
    INDArray old = outputs(7, 5, DataType.DOUBLE);
    DiscrepancyValue once = discrepancy().evaluate(y, old);
    DiscrepancyValue twice = discrepancy().evaluate(Nd4j.concat(0, y, y), Nd4j.concat(0, old, old));
    assertEquals(once.value(), twice.value(), 1e-12 * Math.max(1, Math.abs(once.value())), "value of the doubled batch");
    INDArray half = twice.gradient().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, y.size(0)));
    assertClose(once.gradient().div(2), half, 1e-10, 1e-14, "gradient of the doubled batch (the mean's 1/N)");
  }

  @Test
  public void finiteOnExtremeOutputs() {
    for (double scale : new double[] {1e3, 1e5}) {
      INDArray y = outputs(8, 4, DataType.DOUBLE).mul(scale);
      INDArray old = outputs(9, 4, DataType.DOUBLE).mul(scale);
      for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
        DiscrepancyValue v = discrepancy().evaluate(y.castTo(type), old.castTo(type));
        assertTrue(Double.isFinite(v.value()), "value at scale " + scale + " in " + type + ": " + v.value());
        assertFinite(v.gradient(), "gradient at scale " + scale + " in " + type);
      }
    }
  }

  @Test
  public void float32AgreesWithFloat64AndKeepsItsType() {
    INDArray y = outputs(10, 8, DataType.DOUBLE);
    INDArray old = outputs(11, 8, DataType.DOUBLE);
    DiscrepancyValue d64 = discrepancy().evaluate(y, old);
    DiscrepancyValue d32 = discrepancy().evaluate(y.castTo(DataType.FLOAT), old.castTo(DataType.FLOAT));
    assertEquals(DataType.FLOAT, d32.gradient().dataType(), "gradient data type for float32 outputs");
    assertEquals(d64.value(), d32.value(), 1e-5 * Math.max(1, Math.abs(d64.value())), "float32 value");
    assertClose(d64.gradient(), d32.gradient(), 1e-4, 1e-6, "float32 gradient");
  }

  @Test
  public void doesNotWriteIntoItsArguments() {
    INDArray y = outputs(12, 6, DataType.FLOAT);
    INDArray old = outputs(13, 6, DataType.FLOAT);
    TensorMap before = TensorMap.of(Map.of("new", y.dup(), "old", old.dup()));
    discrepancy().evaluate(y, old);
    assertIdentical(before, TensorMap.of(Map.of("new", y, "old", old)), "arguments after evaluate");
  }
}
