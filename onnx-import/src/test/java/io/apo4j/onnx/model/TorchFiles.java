package io.apo4j.onnx.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.apo4j.testkit.ReferenceFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reads the shared PyTorch reference corpus (.npy, uncompressed .npz); tests skip when it is absent. */
final class TorchFiles {
  private TorchFiles() {}

  static Path root() {
    var dir = ReferenceFiles.sharedFolder("reference/torch");
    assumeTrue(dir.isPresent(), "PyTorch reference corpus absent (expected <repo>/../shared/reference/torch)");
    return dir.get();
  }

  static Path model(String name) {
    return root().resolve("models").resolve(name + ".onnx");
  }

  static INDArray npy(String file) throws IOException {
    return ReferenceFiles.readNpy(root().resolve("forward").resolve(file));
  }

  /** Every member of an .npz archive by key (file name without ".npy"), as float64. */
  static Map<String, INDArray> npz(String file) throws IOException {
    return npz(root().resolve("forward").resolve(file));
  }

  /** Every member of the .npz archive {@code file} by key, as float64. */
  static Map<String, INDArray> npz(Path file) throws IOException {
    Map<String, INDArray> out = new LinkedHashMap<>();
    Path tmp = Files.createTempFile("member", ".npy");
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        try (var in = zip.getInputStream(e)) {
          Files.write(tmp, in.readAllBytes());
        }
        out.put(e.getName().replaceFirst("\\.npy$", ""), ReferenceFiles.readNpy(tmp));
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return out;
  }
}
