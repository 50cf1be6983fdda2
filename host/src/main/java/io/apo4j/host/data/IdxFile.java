package io.apo4j.host.data;

import io.apo4j.api.Apo4jException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file (the MNIST / Fashion-MNIST layout): a big-endian magic 0x000008DD (unsigned bytes,
 * D dimensions), D big-endian int32 sizes, then the bytes in row-major order. Gzip-compressed
 * files are recognised by their content, not their name.
 *
 * @param dims the sizes
 * @param data the unsigned bytes, row-major
 */
public record IdxFile(int[] dims, byte[] data) {
  private static final long MAX_BYTES = (1L << 31) - 1;

  /** Number of records (the first dimension). */
  public int records() {
    return dims[0];
  }

  /** Reads an IDX stream named {@code where} in messages. */
  public static IdxFile read(String where, InputStream raw) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    DataInputStream data = new DataInputStream(in);
    int magic = data.readInt();
    if ((magic >>> 8) != 0x08) {
      throw new Apo4jException(where + ": not an IDX file of unsigned bytes; expected magic 0x000008DD, found 0x"
          + String.format("%08X", magic));
    }
    int rank = magic & 0xFF;
    if (rank < 1 || rank > 4) {
      throw new Apo4jException(where + ": IDX rank " + rank + " is not supported; expected 1 to 4 dimensions");
    }
    int[] dims = new int[rank];
    long total = 1;
    for (int d = 0; d < rank; d++) {
      dims[d] = data.readInt();
      total *= dims[d];
      if (dims[d] < 0 || total > MAX_BYTES) {
        throw new Apo4jException(where + ": IDX dimension " + d + " is " + dims[d] + "; expected a size below 2^31 in total");
      }
    }
    byte[] bytes = new byte[(int) total];
    try {
      data.readFully(bytes);
    } catch (EOFException e) {
      throw new Apo4jException(where + ": IDX file is truncated; expected " + total + " data bytes", e);
    }
    return new IdxFile(dims, bytes);
  }
}
