package io.apo4j.host.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.apo4j.api.Apo4jException;
import io.apo4j.host.testutil.TorchReference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchOrderTest {
  @TempDir
  Path tmp;

  @Test
  void everyEpochOfAShuffledOrderIsAPermutationWithoutItsTail() {
    ShuffledOrder order = new ShuffledOrder(10, 3, 42);
    assertEquals(3, order.stepsPerEpoch());
    for (int epoch = 0; epoch < 3; epoch++) {
      long[] seen = new long[9];
      for (int k = 0; k < 3; k++) {
        System.arraycopy(order.rows(epoch * 3L + k), 0, seen, k * 3, 3);
      }
      long[] sorted = seen.clone();
      Arrays.sort(sorted);
      assertEquals(9, Arrays.stream(sorted).distinct().count(), "epoch " + epoch + " repeats a row");
    }
    assertFalse(Arrays.equals(order.rows(0), order.rows(3)), "epochs should be shuffled differently");
  }

  @Test
  void shuffledOrdersAreAFunctionOfSeedAndStep() {
    ShuffledOrder a = new ShuffledOrder(100, 8, 7);
    ShuffledOrder b = new ShuffledOrder(100, 8, 7);
    long[] later = a.rows(40);
    assertArrayEquals(later, b.rows(40));
    assertArrayEquals(a.rows(3), b.rows(3));
    assertFalse(Arrays.equals(a.rows(3), new ShuffledOrder(100, 8, 8).rows(3)));
  }

  @Test
  void replaysTheReferenceBatchOrderFromNpy() throws Exception {
    Path npy = TorchReference.root().resolve("traces/mlp_fmnist__batches.npy");
    ReplayOrder order = ReplayOrder.read("batch-order", npy, 2048);
    assertEquals(200, order.availableSteps());
    assertEquals(128, order.batchSize());
    assertEquals(16, order.stepsPerEpoch());
    Npy.Array raw = Npy.read(npy);
    long[] all = raw.asLongs("test");
    assertArrayEquals(Arrays.copyOfRange(all, 128 * 199, 128 * 200), order.rows(199));
  }

  @Test
  void replaysAnOrderFromCsvAndFromAHandWrittenNpy() throws Exception {
    Path csv = tmp.resolve("order.csv");
    Files.writeString(csv, "3,1\n0, 2\n");
    ReplayOrder fromCsv = ReplayOrder.read("batch-order", csv, 4);
    assertArrayEquals(new long[] {0, 2}, fromCsv.rows(1));
    Path npy = tmp.resolve("order.npy");
    Files.write(npy, npyInt64(new long[] {3, 1, 0, 2}, 2, 2));
    assertArrayEquals(new long[] {3, 1}, ReplayOrder.read("batch-order", npy, 4).rows(0));
  }

  @Test
  void refusesIndicesOutsideTheTrainingData() throws Exception {
    Path csv = tmp.resolve("order.csv");
    Files.writeString(csv, "3,1\n0,9\n");
    Apo4jException e = assertThrows(Apo4jException.class, () -> ReplayOrder.read("batch-order", csv, 4));
    assertEquals("batch-order: step 1 uses row 9; expected indices in [0, 3] of the training data", e.getMessage());
  }

  @Test
  void refusesAMissingOrderFileNamingTheKey() {
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> ReplayOrder.read("batch-order", tmp.resolve("none.npy"), 4));
    assertEquals("batch-order: file not found; expected an existing .npy or .csv file, found no "
        + tmp.resolve("none.npy").toAbsolutePath(), e.getMessage());
  }

  static byte[] npyInt64(long[] values, int rows, int cols) {
    String header = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
    int pad = 64 - (10 + header.length() + 1) % 64;
    header = header + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }
}
