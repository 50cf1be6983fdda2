package io.apo4j.host.checkpoint;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.TensorMap;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Reads and writes checkpoints in a small self-describing binary format (big-endian):
 * <pre>
 * "APO4JCK1"  int32 version  int32 entries
 * per entry:  byte kind (1 tensor, 2 number, 3 text)  int32 length + UTF-8 name
 *   tensor:   byte dtype (1 float32, 2 float64, 3 int64, 4 int32)  int32 rank  int64 dims...  elements
 *   number:   float64
 *   text:     int32 length + UTF-8
 * int64 CRC-32 of every byte before it   "END."
 * </pre>
 * A file is written to a temporary sibling, forced to disk, renamed over the old checkpoint and
 * the directory is forced: a kill at any moment leaves either the old or the new checkpoint,
 * never a torn one. Loading checks the magic, the CRC and the trailer.
 */
public final class CheckpointFile {
  private static final byte[] MAGIC = "APO4JCK1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRAILER = "END.".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private CheckpointFile() {}

  /** Writes {@code checkpoint} to {@code target} atomically. */
  public static void write(Checkpoint checkpoint, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try (FileOutputStream file = new FileOutputStream(tmp.toFile())) {
      CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16), new CRC32());
      DataOutputStream out = new DataOutputStream(checked);
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(checkpoint.tensors().size() + checkpoint.scalars().size() + checkpoint.texts().size());
      for (var e : checkpoint.tensors()) {
        out.writeByte(1);
        writeText(out, e.getKey());
        TensorCodec.write(out, e.getKey(), e.getValue());
      }
      for (var e : checkpoint.scalars().entrySet()) {
        out.writeByte(2);
        writeText(out, e.getKey());
        out.writeDouble(e.getValue());
      }
      for (var e : checkpoint.texts().entrySet()) {
        out.writeByte(3);
        writeText(out, e.getKey());
        writeText(out, e.getValue());
      }
      out.flush();
      long crc = checked.getChecksum().getValue();
      out.writeLong(crc);
      out.write(TRAILER);
      out.flush();
      file.getFD().sync();
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw new IOException(target + ": the file system cannot rename atomically; checkpoints need it", e);
    }
    syncDirectory(dir);
  }

  /** Reads and verifies {@code file}. */
  public static Checkpoint read(Path file) {
    try (InputStream raw = Files.newInputStream(file)) {
      CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), new CRC32());
      DataInputStream in = new DataInputStream(checked);
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw corrupt(file, "expected the magic APO4JCK1 at the start");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw corrupt(file, "format version " + version + " is not supported; expected " + VERSION);
      }
      int count = in.readInt();
      TensorMap.Builder tensors = TensorMap.builder();
      Map<String, Double> scalars = new LinkedHashMap<>();
      Map<String, String> texts = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        int kind = in.readByte();
        String name = readText(in);
        switch (kind) {
          case 1 -> tensors.put(name, TensorCodec.read(in, file + ", tensor '" + name + "'"));
          case 2 -> scalars.put(name, in.readDouble());
          case 3 -> texts.put(name, readText(in));
          default -> throw corrupt(file, "entry '" + name + "' has kind " + kind + "; expected 1, 2 or 3");
        }
      }
      long expected = checked.getChecksum().getValue();
      long stored = in.readLong();
      if (stored != expected || !java.util.Arrays.equals(in.readNBytes(TRAILER.length), TRAILER)) {
        throw corrupt(file, "checksum mismatch; expected CRC " + expected + ", found " + stored);
      }
      return new Checkpoint(tensors.build(), scalars, texts);
    } catch (NoSuchFileException e) {
      throw new Apo4jException(file + ": checkpoint not found; expected a file written by 'apo train'");
    } catch (EOFException e) {
      throw corrupt(file, "the file ends early (truncated)");
    } catch (IOException e) {
      throw new Apo4jException(file + ": cannot read the checkpoint; " + e, e);
    }
  }

  private static Apo4jException corrupt(Path file, String what) {
    return new Apo4jException(file + ": not a valid checkpoint; " + what);
  }

  private static void writeText(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readText(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > (1 << 20)) {
      throw new IOException("text length " + n + " is out of range; expected 0 to 1 MiB");
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory for syncing; the rename itself is still atomic.
    }
  }
}
