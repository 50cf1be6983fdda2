package io.apo4j.testkit.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A separable convex quadratic {@code f(theta) = 1/2 sum a (theta - c)^2} over two named
 * parameters ({@code layer.weight} 4 x 3 and {@code layer.bias} 3), with curvatures {@code a} in
 * [0.5, 1.5]: small enough that any sound optimizer with a sensible learning rate drives it to 0.
 */
@Stable
public final class QuadraticProblem {
  private final TensorMap curvature;
  private final TensorMap center;
  private final TensorMap start;

  private QuadraticProblem(TensorMap curvature, TensorMap center, TensorMap start) {
    this.curvature = curvature;
    this.center = center;
    this.start = start;
  }

  /** A problem drawn from {@code seed}, with every tensor in {@code type}. */
  public static QuadraticProblem create(long seed, DataType type) {
    Random random = new Random(seed);
    TensorMap.Builder a = TensorMap.builder();
    TensorMap.Builder c = TensorMap.builder();
    TensorMap.Builder x = TensorMap.builder();
    for (var entry : new Object[][] {{"layer.weight", new long[] {4, 3}}, {"layer.bias", new long[] {3}}}) {
      String name = (String) entry[0];
      long[] shape = (long[]) entry[1];
      a.put(name, tensor(random, shape, type, 0.5, 1.5, false));
      c.put(name, tensor(random, shape, type, 0, 1, true));
      x.put(name, tensor(random, shape, type, 0, 1, true));
    }
    return new QuadraticProblem(a.build(), c.build(), x.build());
  }

  private static INDArray tensor(Random random, long[] shape, DataType type, double low, double high, boolean gauss) {
    int n = (int) java.util.Arrays.stream(shape).reduce(1, (p, q) -> p * q);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = gauss ? random.nextGaussian() : low + (high - low) * random.nextDouble();
    }
    return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
  }

  /** Fresh copies of the starting point. */
  public TensorMap initialParams() {
    return start.deepCopy();
  }

  /** The minimiser. */
  public TensorMap minimum() {
    return center.deepCopy();
  }

  /** f(params). */
  public double loss(TensorMap params) {
    double total = 0;
    for (String name : center.names()) {
      INDArray r = params.get(name).castTo(DataType.DOUBLE).sub(center.get(name).castTo(DataType.DOUBLE));
      total += 0.5 * r.mul(r).muli(curvature.get(name).castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }
    return total;
  }

  /** grad f(params) = a (params - c), new arrays in the parameters' data type. */
  public TensorMap gradient(TensorMap params) {
    return params.map((name, p) -> p.sub(center.get(name).castTo(p.dataType()))
        .muli(curvature.get(name).castTo(p.dataType())));
  }
}
