package io.apo4j.host.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IDX images with {@code target: input}: the target of each example is its own pixels, flattened. */
class IdxAutoencoderTargetTest {
  @Test
  void targetIsTheFlattenedInputInTheSameScale() throws IOException {
    byte[] images = idx(0x803, new int[] {2, 2, 3}, new byte[] {0, 51, 102, (byte) 153, (byte) 204, (byte) 255,
        1, 2, 3, 4, 5, 6});
    byte[] labels = idx(0x801, new int[] {2}, new byte[] {7, 1});
    DataSpec idx = DataSpec.idx(null, null);
    DataSpec spec = new DataSpec(idx.format(), null, null, null, "input", 1.0, idx.inputType(),
        DataSpec.TargetType.FLOAT, null, null, null);
    Dataset d = DatasetLoader.idx("data.train", spec, images, labels, Map.of());
    assertFalse(d.classTargets());
    assertArrayEquals(new long[] {6}, d.targetShape());
    assertArrayEquals(d.floatFeatures(), d.targets());
    assertEquals(1.0f, d.targets()[5]);
    assertEquals(0.2f, d.targets()[1], 1e-7f);
  }

  private static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeInt(magic);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    return b.toByteArray();
  }
}
