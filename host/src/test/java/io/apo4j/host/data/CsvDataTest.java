package io.apo4j.host.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.apo4j.api.Apo4jException;
import io.apo4j.host.testutil.TorchReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class CsvDataTest {
  @TempDir
  Path tmp;

  private static DataSpec csv(Path file, String target, double scale, DataSpec.FeatureType in, DataSpec.TargetType out,
      DataSpec.Standardisation std) {
    return new DataSpec(DataFormat.CSV, null, null, file, target, scale, in, out, null, std, null);
  }

  @Test
  void readsTheDigitsWithTheReferenceScaling() throws Exception {
    Path file = TorchReference.root().resolve("data/digits_train.csv");
    Dataset d = DatasetLoader.load("data.train", csv(file, "label", 0.0625, DataSpec.FeatureType.FLOAT,
        DataSpec.TargetType.CLASS, null));
    assertEquals(1438, d.size());
    assertArrayEquals(new long[] {64}, d.exampleShape());
    String firstRow = Files.readAllLines(file).get(1);
    String[] cells = firstRow.split(",");
    for (int f = 0; f < 64; f++) {
      assertEquals(Integer.parseInt(cells[f]) / 16f, d.floatFeatures()[f], "feature " + f);
    }
    assertEquals(Float.parseFloat(cells[64]), d.targets()[0]);
  }

  @Test
  void autoencoderTargetsAreTheScaledInputs() throws Exception {
    Path file = tmp.resolve("a.csv");
    Files.writeString(file, "a,b\n2,4\n6,8\n");
    Dataset d = DatasetLoader.load("data.train", csv(file, "input", 0.5, DataSpec.FeatureType.FLOAT,
        DataSpec.TargetType.CLASS, null));
    assertFalse(d.classTargets());
    assertArrayEquals(new float[] {1, 2, 3, 4}, d.targets());
    assertArrayEquals(new long[] {2, 2}, d.batch(new long[] {1, 0}, "x", new long[] {2}).targets().shape());
  }

  @Test
  void tokenIdsStayInt64AndFloatTargetsAreStandardised() throws Exception {
    Path file = tmp.resolve("t.csv");
    Files.writeString(file, "t0,t1,y\n5,7,10\n1,2,20\n");
    Dataset d = DatasetLoader.load("data.train", csv(file, "y", 1, DataSpec.FeatureType.INT64,
        DataSpec.TargetType.FLOAT, new DataSpec.Standardisation(15, 5)));
    assertNull(d.floatFeatures());
    var batch = d.batch(new long[] {0, 1}, "ids", new long[] {2});
    assertEquals(DataType.LONG, batch.inputs().get("ids").dataType());
    assertEquals(7L, batch.inputs().get("ids").getLong(0, 1));
    assertArrayEquals(new long[] {2, 1}, batch.targets().shape());
    assertArrayEquals(new float[] {-1, 1}, d.targets());
  }

  @Test
  void namesTheColumnsWhenTheTargetIsUnknown() throws Exception {
    Path file = tmp.resolve("c.csv");
    Files.writeString(file, "a,b\n1,2\n");
    Apo4jException e = assertThrows(Apo4jException.class, () -> DatasetLoader.load("data.train",
        csv(file, "label", 1, DataSpec.FeatureType.FLOAT, DataSpec.TargetType.CLASS, null)));
    assertEquals("data.train.target: column 'label' not found; expected one of [a, b] or 'input'", e.getMessage());
  }

  @Test
  void namesLineAndColumnOfANonNumber() throws Exception {
    Path file = tmp.resolve("c.csv");
    Files.writeString(file, "a,label\n1,2\nx,3\n");
    Apo4jException e = assertThrows(Apo4jException.class, () -> DatasetLoader.load("data.train",
        csv(file, "label", 1, DataSpec.FeatureType.FLOAT, DataSpec.TargetType.CLASS, null)));
    assertEquals("data.train: CSV line 3, column 'a': expected a number, found 'x'", e.getMessage());
  }
}
