package io.apo4j.host.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.Apo4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class TensorProtosTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(ElementType.class)
  void roundTripsEveryElementType(ElementType type) {
    INDArray values = Nd4j.create(new double[] {0, 1, 2, 3, 4, 5}, new long[] {2, 3}, DataType.DOUBLE)
        .castTo(type.nd4jType());
    Path file = tmp.resolve(type + "/t.pb");
    TensorProtos.write(values, "t", file);
    INDArray back = TensorProtos.read(file);
    assertEquals(values.dataType(), back.dataType());
    assertArrayEquals(new long[] {2, 3}, back.shape());
    assertEquals(values.castTo(DataType.DOUBLE), back.castTo(DataType.DOUBLE));
  }

  @Test
  void readsTypedFieldsScalarsAndEmptyTensors() {
    TensorProto typed = TensorProto.newBuilder().setDataType(7).addDims(3).addInt64Data(-1).addInt64Data(5)
        .addInt64Data(1L << 40).build();
    INDArray a = TensorProtos.toArray(typed, "typed");
    assertEquals(DataType.LONG, a.dataType());
    assertEquals(1L << 40, a.getLong(2));
    assertEquals(-1L, a.getLong(0));
    INDArray scalar = TensorProtos.toArray(TensorProto.newBuilder().setDataType(1).addFloatData(2.5f).build(), "s");
    assertEquals(0, scalar.rank());
    assertEquals(2.5, scalar.getDouble(0));
    INDArray empty = TensorProtos.toArray(TensorProto.newBuilder().setDataType(1).addDims(0).addDims(3).build(), "e");
    assertArrayEquals(new long[] {0, 3}, empty.shape());
    TensorProto half = TensorProto.newBuilder().setDataType(10).addDims(2).addInt32Data(0x3c00).addInt32Data(0xc000)
        .build();
    assertEquals(Nd4j.createFromArray(1f, -2f), TensorProtos.toArray(half, "h").castTo(DataType.FLOAT));
  }

  @Test
  void halfFloatConversionIsExactOnRepresentableValuesAndRoundsToNearestEven() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = HalfFloats.toFloat((short) bits);
      if (!Float.isNaN(f)) {
        assertEquals((short) bits, HalfFloats.fromFloat(f), "bits " + Integer.toHexString(bits));
      }
    }
    assertEquals(HalfFloats.fromFloat(1f), HalfFloats.fromFloat(1f + 0x1p-11f), "tie goes to even");
    assertEquals((short) 0x3c01, HalfFloats.fromFloat(1f + 0x1p-11f + 0x1p-20f));
  }

  @Test
  void rejectsWrongByteCountsNamingTheFile() throws Exception {
    Path bad = tmp.resolve("bad.pb");
    Files.write(bad, TensorProto.newBuilder().setDataType(1).addDims(4)
        .setRawData(com.google.protobuf.ByteString.copyFrom(new byte[6])).build().toByteArray());
    Apo4jException e = assertThrows(Apo4jException.class, () -> TensorProtos.read(bad));
    assertTrue(e.getMessage().contains("bad.pb: raw_data has 6 bytes; expected 4 x 4"), e.getMessage());
  }

  @Test
  void readsTheBackendTestFilesConsistently() {
    Path abs = Conformance.cases().resolve("test_abs/test_data_set_0");
    INDArray x = TensorProtos.read(abs.resolve("input_0.pb"));
    INDArray y = TensorProtos.read(abs.resolve("output_0.pb"));
    assertEquals(DataType.FLOAT, x.dataType());
    assertArrayEquals(new long[] {3, 4, 5}, x.shape());
    assertFalse(x.equals(y), "the input has negative values");
    assertEquals(Transforms.abs(x, true), y);
  }

  /** The shared conformance cases, when present. */
  static final class Conformance {
    static Path cases() {
      for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
        Path c = d.resolve("shared/reference/onnx-conformance/cases/dev");
        if (Files.isDirectory(c)) {
          return c;
        }
      }
      assumeTrue(false, "shared/reference/onnx-conformance not found beside an ancestor of the working directory");
      return null;
    }
  }
}
