package io.apo4j.host.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.data.Batch;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.host.testutil.TorchReference;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class EmbeddedDataTest {
  private static final Dataset TRAIN = DatasetLoader.load("data.train", DataSpec.embedded("train"));

  @Test
  void embeddedTrainingSubsetHas2048ImagesScaledToTheUnitInterval() {
    assertEquals(2048, TRAIN.size());
    assertArrayEquals(new long[] {1, 28, 28}, TRAIN.exampleShape());
    assertTrue(TRAIN.classTargets());
    float min = 1;
    float max = 0;
    for (float v : TRAIN.floatFeatures()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    assertEquals(1024, DatasetLoader.load("data.test", DataSpec.embedded("test")).size());
  }

  @Test
  void embeddedSubsetIsByteForByteTheReferenceSlice() throws Exception {
    var file = TorchReference.fmnist("train-first2048-images-idx3-ubyte.gz");
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
      in.skipNBytes(16);
      byte[] pixels = in.readNBytes(2048 * 784);
      for (int i = 0; i < pixels.length; i += 97) {
        assertEquals((float) (pixels[i] & 0xFF) / 255f, TRAIN.floatFeatures()[i], "pixel " + i);
      }
    }
    Dataset fromFile = DatasetLoader.load("data.train", DataSpec.idx(file,
        TorchReference.fmnist("train-first2048-labels-idx1-ubyte.gz")));
    assertArrayEquals(fromFile.targets(), TRAIN.targets());
    assertEquals(fromFile.digests().values().iterator().next(), TRAIN.digests().values().iterator().next());
  }

  @Test
  void batchesGatherRowsInOrderAndFlattenForADenseInput() {
    long[] shape = InputLayout.exampleShape("data.train", TRAIN, new TensorSpec("input", "float32", new long[] {-1, 784}));
    assertArrayEquals(new long[] {784}, shape);
    Batch b = TRAIN.batch(new long[] {5, 0, 2047}, "input", shape);
    assertArrayEquals(new long[] {3, 784}, b.inputs().get("input").shape());
    assertEquals(DataType.FLOAT, b.inputs().get("input").dataType());
    assertEquals(TRAIN.floatFeatures()[5 * 784 + 300], b.inputs().get("input").getFloat(0, 300));
    assertEquals(TRAIN.targets()[2047], b.targets().getFloat(2));
    assertArrayEquals(new long[] {5, 0, 2047}, b.indices());
    long[] conv = InputLayout.exampleShape("data.train", TRAIN, new TensorSpec("input", "float32", new long[] {-1, 1, 28, 28}));
    assertArrayEquals(new long[] {1, 28, 28}, conv);
  }

  @Test
  void refusesExamplesThatDoNotFitTheModelInput() {
    Apo4jException e = assertThrows(Apo4jException.class, () -> InputLayout.exampleShape("data.train", TRAIN,
        new TensorSpec("input", "float32", new long[] {-1, 64})));
    assertEquals("data.train: examples of shape [1, 28, 28] (784 values) do not fit model input 'input'; expected "
        + "per-example shape [64] (batch axis first: [-1, 64])", e.getMessage());
  }

  @Test
  void refusesRowsOutsideTheDataset() {
    Apo4jException e = assertThrows(Apo4jException.class, () -> TRAIN.batch(new long[] {2048}, "input", new long[] {784}));
    assertEquals("data.train: row 2048 is out of range; expected 0 to 2047", e.getMessage());
  }
}
