package io.apo4j.onnx;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.model.ModelImporter;
import io.apo4j.api.model.ModelImporterProvider;
import java.util.List;

/** Provides the {@code onnx} model importer: ONNX files as trainable graphs with exact gradients. */
public final class OnnxImporterProvider implements ModelImporterProvider {
  public OnnxImporterProvider() {}

  @Override
  public String id() {
    return "onnx";
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "ONNX (IR >= 3) as trainable ND4J graphs with reverse-mode gradients and Kronecker layer taps";
  }

  @Override
  public ConfigSpec configSpec() {
    return OnnxImportOptions.spec();
  }

  @Override
  public List<String> fileExtensions() {
    return List.of("onnx");
  }

  @Override
  public ModelImporter create(Config config) {
    OnnxImportOptions options = OnnxImportOptions.from(config);
    options.frozen();
    return new OnnxImporter(options);
  }
}
