package io.apo4j.host.data;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.data.Batch;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A labelled dataset held in plain Java arrays (row-major, one row per example); batches are
 * gathered by copying rows, which for a batch of images is a few microseconds.
 *
 * @param name where it came from, for messages
 * @param size number of examples
 * @param exampleShape shape of one example's features (e.g. 1 x 28 x 28)
 * @param floatFeatures features as float32, or null when {@code longFeatures} holds them
 * @param longFeatures int64 features (token ids), or null
 * @param targetShape shape of one example's target: empty for a class index
 * @param targets targets as float32 (class indices are whole numbers)
 * @param classTargets whether the targets are class indices
 * @param digests SHA-256 of every source file, by file name (provenance)
 */
public record Dataset(String name, int size, long[] exampleShape, float[] floatFeatures, long[] longFeatures,
    long[] targetShape, float[] targets, boolean classTargets, Map<String, String> digests) {

  /** Elements of one example's features. */
  public int exampleLength() {
    return (int) Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b);
  }

  /** Elements of one example's target. */
  public int targetLength() {
    return (int) Arrays.stream(targetShape).reduce(1, (a, b) -> a * b);
  }

  /** The data type the model input receives. */
  public DataType featureType() {
    return floatFeatures != null ? DataType.FLOAT : DataType.INT64;
  }

  /**
   * Rows {@code rows}, in that order, as a batch for the model input {@code inputName} whose
   * per-example shape is {@code inputShape} (the dataset's own shape or a flattening of it).
   */
  public Batch batch(long[] rows, String inputName, long[] inputShape) {
    int n = rows.length;
    int width = exampleLength();
    INDArray x;
    if (floatFeatures != null) {
      float[] buf = new float[n * width];
      for (int i = 0; i < n; i++) {
        System.arraycopy(floatFeatures, row(rows[i]) * width, buf, i * width, width);
      }
      x = Nd4j.create(buf, shapeOf(n, inputShape), 'c');
    } else {
      long[] buf = new long[n * width];
      for (int i = 0; i < n; i++) {
        System.arraycopy(longFeatures, row(rows[i]) * width, buf, i * width, width);
      }
      x = Nd4j.createFromArray(buf).reshape('c', shapeOf(n, inputShape));
    }
    int tw = targetLength();
    float[] t = new float[n * tw];
    for (int i = 0; i < n; i++) {
      System.arraycopy(targets, row(rows[i]) * tw, t, i * tw, tw);
    }
    INDArray y = Nd4j.create(t, shapeOf(n, targetShape), 'c');
    return new Batch(Map.of(inputName, x), y, rows.clone());
  }

  /** Every example in order (the test split in one pass). */
  public Batch all(String inputName, long[] inputShape) {
    long[] rows = new long[size];
    Arrays.setAll(rows, i -> i);
    return batch(rows, inputName, inputShape);
  }

  private int row(long index) {
    if (index < 0 || index >= size) {
      throw new Apo4jException(name + ": row " + index + " is out of range; expected 0 to " + (size - 1));
    }
    return (int) index;
  }

  private static long[] shapeOf(int n, long[] example) {
    long[] shape = new long[example.length + 1];
    shape[0] = n;
    System.arraycopy(example, 0, shape, 1, example.length);
    return shape;
  }

  @Override
  public String toString() {
    return name + " (" + size + " x " + Arrays.toString(exampleShape) + ")";
  }
}
