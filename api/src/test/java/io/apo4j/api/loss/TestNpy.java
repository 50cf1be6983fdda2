package io.apo4j.api.loss;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads the little-endian, C-order NumPy 1.0 files of the PyTorch reference into double tensors. */
final class TestNpy {
  private TestNpy() {}

  static INDArray read(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = buf.getShort(8) & 0xffff;
    String header = new String(buf.array(), 10, headerLength, StandardCharsets.ISO_8859_1);
    Matcher descr = Pattern.compile("'descr': '([<|][a-z]\\d)'").matcher(header);
    Matcher shape = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
    if (!descr.find() || !shape.find() || header.contains("'fortran_order': True")) {
      throw new IOException(file + ": unsupported npy header " + header);
    }
    long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong).toArray();
    int n = (int) Arrays.stream(dims).reduce(1, (a, b) -> a * b);
    buf.position(10 + headerLength);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = switch (descr.group(1).substring(1)) {
        case "f4" -> buf.getFloat();
        case "f8" -> buf.getDouble();
        case "i8" -> buf.getLong();
        case "i4" -> buf.getInt();
        default -> throw new IOException(file + ": unsupported dtype " + descr.group(1));
      };
    }
    return Nd4j.create(values, dims, DataType.DOUBLE);
  }
}
