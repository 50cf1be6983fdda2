package io.apo4j.host.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apo4j.host.data.Npy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One reference run of {@code shared/reference/torch/traces}: its JSON (losses, evaluations,
 * optimizer settings) and its final parameters ({@code .npz}).
 */
record TorchTrace(String model, String optimizer, JsonNode json, Path root) {
  static TorchTrace read(Path torchRoot, String model, String optimizer) throws IOException {
    Path file = torchRoot.resolve("traces").resolve(model + "__" + optimizer + ".json");
    return new TorchTrace(model, optimizer, new ObjectMapper().readTree(file.toFile()), torchRoot);
  }

  double[] trainLoss() {
    JsonNode a = json.get("train_loss");
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asDouble();
    }
    return v;
  }

  /** The optimizer section of a run config with the trace's hyperparameters. */
  String optimizerYaml() {
    JsonNode c = json.get("optimizer_config");
    return switch (c.get("torch_class").asText()) {
      case "torch.optim.SGD" -> "{id: sgd, lr: %s, momentum: %s, weight-decay: %s}".formatted(c.get("lr").asText(),
          c.get("momentum").asText(), c.get("weight_decay").asText());
      case "torch.optim.Adam" -> "{id: adam, lr: %s, beta1: %s, beta2: %s, eps: %s}".formatted(c.get("lr").asText(),
          c.get("betas").get(0).asText(), c.get("betas").get(1).asText(), c.get("eps").asText());
      default -> throw new IllegalArgumentException("no mapping for " + c.get("torch_class"));
    };
  }

  /** The float64 end state of the trace's float64 rerun ({@code final_state_f64_file}), by ONNX name. */
  Map<String, double[]> finalStateFloat64() throws IOException {
    Map<String, double[]> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(root.resolve(json.get("final_state_f64_file").asText()).toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        String key = e.getName().replaceFirst("\\.npy$", "");
        Npy.Array a = Npy.parse(key, ByteBuffer.wrap(zip.getInputStream(e).readAllBytes()));
        if (!a.dtype().equals("<f8")) {
          throw new IOException(key + ": expected float64 ('<f8'), found " + a.dtype());
        }
        double[] v = new double[Math.toIntExact(a.length())];
        a.data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(v);
        out.put(key, v);
      }
    }
    return out;
  }

  /** The final parameters, by ONNX initializer name. */
  Map<String, float[]> finalState() throws IOException {
    Map<String, float[]> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(root.resolve(json.get("final_state_file").asText()).toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        byte[] bytes = zip.getInputStream(e).readAllBytes();
        String key = e.getName().replaceFirst("\\.npy$", "");
        out.put(key, Npy.parse(key, ByteBuffer.wrap(bytes)).asFloats(key));
      }
    }
    return out;
  }
}
