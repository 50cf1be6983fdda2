package io.apo4j.sgd;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference corpus' Fashion-MNIST training slice, preprocessed as PyTorch did:
 * {@code (float) (b & 0xFF) / 255f}, N x 1 x 28 x 28, labels as float class indices.
 */
final class FashionMnistSlice {
  private final float[] pixels;
  private final float[] labels;

  private FashionMnistSlice(float[] pixels, float[] labels) {
    this.pixels = pixels;
    this.labels = labels;
  }

  static FashionMnistSlice read(Path images, Path labels) throws IOException {
    byte[] x = idx(images, 0x803);
    byte[] y = idx(labels, 0x801);
    float[] pixels = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      pixels[i] = (float) (x[i] & 0xFF) / 255f;
    }
    float[] classes = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      classes[i] = y[i] & 0xFF;
    }
    return new FashionMnistSlice(pixels, classes);
  }

  private static byte[] idx(Path file, int magic) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      int found = in.readInt();
      if (found != magic) {
        throw new IOException(file + ": IDX magic " + Integer.toHexString(found) + ", expected " + Integer.toHexString(magic));
      }
      long n = 1;
      for (int d = 0; d < (magic & 0xFF); d++) {
        n *= in.readInt();
      }
      byte[] data = new byte[(int) n];
      in.readFully(data);
      return data;
    }
  }

  /** The images of rows {@code indices}, N x 1 x 28 x 28 float32. */
  INDArray images(long[] indices) {
    float[] batch = new float[indices.length * 784];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(pixels, (int) indices[k] * 784, batch, k * 784, 784);
    }
    return Nd4j.create(batch, new long[] {indices.length, 1, 28, 28}, 'c');
  }

  /** The labels of rows {@code indices}, float32 class indices. */
  INDArray labels(long[] indices) {
    float[] batch = new float[indices.length];
    for (int k = 0; k < indices.length; k++) {
      batch[k] = labels[(int) indices[k]];
    }
    return Nd4j.create(batch, new long[] {indices.length}, DataType.FLOAT);
  }
}
