package io.apo4j.onnx;

import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Importer settings.
 *
 * @param freeze regular expression over initializer names: matching float initializers stay
 *     constants instead of trainable parameters (empty: train every float initializer)
 * @param probe run one forward pass (dynamic dimensions of size 2) at import to catch shape mismatches early
 */
public record OnnxImportOptions(String freeze, boolean probe) {
  public static final OnnxImportOptions DEFAULTS = new OnnxImportOptions("", true);

  static ConfigSpec spec() {
    return ConfigSpec.builder("model importer 'onnx'")
        .text("freeze", "", "regular expression over initializer names to keep fixed (not trained)")
        .flag("probe", true, "run a forward pass (dynamic dimensions of size 2) at import to report shape mismatches by node")
        .build();
  }

  static OnnxImportOptions from(Config config) {
    return new OnnxImportOptions(config.has("freeze") ? config.text("freeze") : "",
        !config.has("probe") || config.flag("probe"));
  }

  /** The frozen-name test. */
  public Predicate<String> frozen() {
    if (freeze.isEmpty()) {
      return name -> false;
    }
    try {
      Pattern p = Pattern.compile(freeze);
      return name -> p.matcher(name).matches();
    } catch (PatternSyntaxException e) {
      throw new io.apo4j.api.config.ConfigException("model importer 'onnx': key 'freeze' is not a regular expression; "
          + "expected a java.util.regex pattern, found '" + freeze + "'");
    }
  }
}
