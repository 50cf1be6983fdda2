package io.apo4j.kfac;

import io.apo4j.api.data.Batch;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Fashion-MNIST slices of the PyTorch reference corpus (IDX files, gzip), preprocessed as the
 * reference does: x = uint8 / 255 as float32, N x 1 x 28 x 28; labels as float class indices.
 *
 * @param images N x 1 x 28 x 28
 * @param labels N
 */
record FashionMnist(INDArray images, INDArray labels) {
  /** The 2048-example training slice under {@code torchReference}/data/fmnist. */
  static FashionMnist trainSlice(Path torchReference) throws IOException {
    Path dir = torchReference.resolve("data/fmnist");
    return new FashionMnist(images(dir.resolve("train-first2048-images-idx3-ubyte.gz")),
        labels(dir.resolve("train-first2048-labels-idx1-ubyte.gz")));
  }

  /** The examples at {@code rows}, as a batch with input name {@code input}. */
  Batch batch(long[] rows) {
    INDArray x = Nd4j.create(DataType.FLOAT, rows.length, 1, 28, 28);
    INDArray y = Nd4j.create(DataType.FLOAT, rows.length);
    for (int i = 0; i < rows.length; i++) {
      x.putSlice(i, images.slice(rows[i]));
      y.putScalar(i, labels.getFloat(rows[i]));
    }
    return new Batch(Map.of("input", x), y, rows.clone());
  }

  private static INDArray images(Path file) throws IOException {
    try (DataInputStream in = open(file, 0x803)) {
      int n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      byte[] raw = in.readNBytes(n * rows * cols);
      float[] v = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        v[i] = (raw[i] & 0xff) / 255f;
      }
      return Nd4j.create(v, new long[] {n, 1, rows, cols}, 'c');
    }
  }

  private static INDArray labels(Path file) throws IOException {
    try (DataInputStream in = open(file, 0x801)) {
      int n = in.readInt();
      byte[] raw = in.readNBytes(n);
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = raw[i] & 0xff;
      }
      return Nd4j.create(v, new long[] {n}, 'c');
    }
  }

  private static DataInputStream open(Path file, int magic) throws IOException {
    InputStream raw = new GZIPInputStream(Files.newInputStream(file));
    DataInputStream in = new DataInputStream(raw);
    int found = in.readInt();
    if (found != magic) {
      in.close();
      throw new IOException(file + ": IDX magic " + Integer.toHexString(found) + "; expected " + Integer.toHexString(magic));
    }
    return in;
  }
}
