package io.apo4j.host.data;

import io.apo4j.api.Apo4jException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (format 1.0 to 3.0, C order, little-endian integers and floats)
 * into Java arrays; what batch-order replay and the reference traces need, nothing more.
 */
public final class Npy {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /**
   * An array read from a file.
   *
   * @param dtype NumPy type string, e.g. {@code <i4}
   * @param shape dimensions
   * @param data the raw little-endian elements
   */
  public record Array(String dtype, long[] shape, ByteBuffer data) {
    /** Number of elements. */
    public long length() {
      return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** Every element as a long; fails for floating-point data. */
    public long[] asLongs(String where) {
      long[] out = new long[Math.toIntExact(length())];
      ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      switch (dtype.substring(1)) {
        case "i4" -> { for (int i = 0; i < out.length; i++) { out[i] = b.getInt(); } }
        case "i8" -> { for (int i = 0; i < out.length; i++) { out[i] = b.getLong(); } }
        case "u1", "i1" -> { for (int i = 0; i < out.length; i++) { out[i] = dtype.endsWith("u1") ? b.get() & 0xFF : b.get(); } }
        default -> throw new Apo4jException(where + ": expected an integer array (int8, uint8, int32, int64), found dtype '"
            + dtype + "'");
      }
      return out;
    }

    /** Every element as a float (float64 rounded, integers converted). */
    public float[] asFloats(String where) {
      float[] out = new float[Math.toIntExact(length())];
      ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      switch (dtype.substring(1)) {
        case "f4" -> { for (int i = 0; i < out.length; i++) { out[i] = b.getFloat(); } }
        case "f8" -> { for (int i = 0; i < out.length; i++) { out[i] = (float) b.getDouble(); } }
        default -> {
          long[] l = asLongs(where);
          for (int i = 0; i < out.length; i++) {
            out[i] = l[i];
          }
        }
      }
      return out;
    }
  }

  private Npy() {}

  public static Array read(Path file) throws IOException {
    return parse(file.toString(), ByteBuffer.wrap(Files.readAllBytes(file)));
  }

  /** Parses the bytes of a {@code .npy} file (also a member of an {@code .npz}). */
  public static Array parse(String where, ByteBuffer bytes) {
    ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[6];
    if (b.remaining() < 10) {
      throw new Apo4jException(where + ": not a .npy file; expected the magic \\x93NUMPY, found " + b.remaining() + " bytes");
    }
    b.get(magic);
    if ((magic[0] & 0xFF) != 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new Apo4jException(where + ": not a .npy file; expected the magic \\x93NUMPY at the start");
    }
    int major = b.get();
    b.get();
    int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
    byte[] header = new byte[headerLength];
    b.get(header);
    String text = new String(header, StandardCharsets.ISO_8859_1);
    String dtype = find(where, DESCR, text);
    if (find(where, FORTRAN, text).equals("True")) {
      throw new Apo4jException(where + ": Fortran-ordered arrays are not supported; expected C order");
    }
    if (dtype.startsWith(">")) {
      throw new Apo4jException(where + ": big-endian dtype '" + dtype + "' is not supported; expected little-endian");
    }
    String shapeText = find(where, SHAPE, text).trim();
    long[] shape = shapeText.isEmpty() ? new long[0] : Arrays.stream(shapeText.split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
    return new Array(dtype, shape, b.slice().order(ByteOrder.LITTLE_ENDIAN));
  }

  private static String find(String where, Pattern p, String header) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new Apo4jException(where + ": .npy header lacks " + p.pattern() + "; found " + header.trim());
    }
    return m.group(1);
  }
}
