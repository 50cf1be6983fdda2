package io.apo4j.host.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointFileTest {
  @TempDir
  Path tmp;

  private static Checkpoint sample() {
    INDArray w = Nd4j.create(new float[] {1.5f, Float.MIN_VALUE, -0f, 3.4028235e38f, 1e-30f, 7}, new long[] {2, 3}, 'c');
    INDArray v = Nd4j.create(new double[] {Math.PI, -1e-300}, new long[] {2}, 'c');
    INDArray ids = Nd4j.createFromArray(new long[] {Long.MAX_VALUE, -3});
    StateDict opt = new StateDict(TensorMap.builder().put("momentum/fc.weight", w.mul(2)).build(), Map.of("t", 17.0));
    return Checkpoint.of(TensorMap.builder().put("fc.weight", w).put("fc.bias", v).build(),
        TensorMap.builder().put("bn.running_mean", ids).build(), opt,
        Map.of("step", 40.0, "second-batch-position", 4.0), Map.of("optimizer", "sgd", "model-sha256", "ab"));
  }

  @Test
  void roundTripsEveryBitByName() throws Exception {
    Path file = tmp.resolve("c.apock");
    Checkpoint c = sample();
    CheckpointFile.write(c, file);
    Checkpoint back = CheckpointFile.read(file);
    for (var e : c.tensors()) {
      INDArray got = back.tensors().get(e.getKey());
      assertEquals(e.getValue().dataType(), got.dataType(), e.getKey());
      assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
      assertArrayEquals(e.getValue().data().asDouble(), got.data().asDouble(), e.getKey());
    }
    assertEquals(17.0, back.optimizer().scalar("t"));
    assertEquals(c.params().names(), back.params().names());
    assertEquals(40.0, back.run("step"));
    assertEquals("sgd", back.text("optimizer"));
    assertTrue(Files.list(tmp).allMatch(p -> p.equals(file)), "no temporary file may remain");
  }

  @Test
  void everyTruncationIsDetected() throws Exception {
    Path file = tmp.resolve("c.apock");
    CheckpointFile.write(sample(), file);
    byte[] bytes = Files.readAllBytes(file);
    Path cut = tmp.resolve("cut.apock");
    for (int len = 0; len < bytes.length; len += 7) {
      Files.write(cut, Arrays.copyOf(bytes, len));
      Apo4jException e = assertThrows(Apo4jException.class, () -> CheckpointFile.read(cut), "length " + len);
      assertTrue(e.getMessage().startsWith(cut + ": not a valid checkpoint;"), e.getMessage());
    }
  }

  @Test
  void aFlippedByteFailsTheChecksum() throws Exception {
    Path file = tmp.resolve("c.apock");
    CheckpointFile.write(sample(), file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 30] ^= 0x10;
    Files.write(file, bytes);
    Apo4jException e = assertThrows(Apo4jException.class, () -> CheckpointFile.read(file));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
  }

  @Test
  void namesTheParameterThatDoesNotMatchTheModel() {
    TensorMap model = TensorMap.builder().put("fc.weight", Nd4j.zeros(2, 3)).put("fc.bias", Nd4j.zeros(3)).build();
    TensorMap saved = TensorMap.builder().put("fc.weight", Nd4j.zeros(2, 3)).build();
    assertEquals("checkpoint: parameters do not match the model; missing [fc.bias], unexpected []; expected 2 names, "
        + "found 1", assertThrows(Apo4jException.class,
            () -> Checkpoint.requireSameLayout("parameters", model, saved)).getMessage());
    TensorMap reshaped = TensorMap.builder().put("fc.weight", Nd4j.zeros(3, 2)).put("fc.bias", Nd4j.zeros(3)).build();
    assertEquals("checkpoint: parameter 'fc.weight' does not match the model; expected FLOAT[2, 3], found FLOAT[3, 2]",
        assertThrows(Apo4jException.class, () -> Checkpoint.requireSameLayout("parameters", model, reshaped))
            .getMessage());
  }
}
