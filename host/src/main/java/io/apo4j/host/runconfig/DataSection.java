package io.apo4j.host.runconfig;

import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigException;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.host.data.DataFormat;
import io.apo4j.host.data.DataSpec;
import io.apo4j.host.data.EmbeddedData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code data} key: named built-in data, or {@code train} and optional {@code test} splits. */
record DataSection(DataSpec train, DataSpec test, Map<String, Object> resolved) {
  static final String SUBSET = "fashion-mnist-subset";
  static final String FULL = "fashion-mnist";

  static final ConfigSpec SPLIT = ConfigSpec.builder("data split")
      .choice("format", "idx", "file layout", List.of("idx", "csv", "embedded"))
      .text("images", "", "idx: images (or features) file, plain or .gz")
      .text("labels", "", "idx: labels file, plain or .gz")
      .text("path", "", "csv: the file (header line, numeric columns)")
      .text("target", "label", "csv: target column, or 'input' (autoencoder)")
      .decimal("scale", 1.0, "multiplies every float feature", -Double.MAX_VALUE, Double.MAX_VALUE)
      .choice("input-type", "float", "feature element type", List.of("float", "int64"))
      .choice("target-type", "class", "class indices or float values", List.of("class", "float"))
      .section("standardise", "{mean, std} applied to float features after scale")
      .section("target-standardise", "{mean, std} applied to float targets")
      .text("split", "train", "embedded: train or test")
      .build();

  static DataSection parse(Map<String, Object> data, PathResolver paths) {
    Object id = data.get("id");
    if (id != null && data.size() == 1) {
      return builtin(id.toString());
    }
    for (String key : data.keySet()) {
      if (!key.equals("train") && !key.equals("test")) {
        throw new ConfigException("data: unknown key '" + key + "'; expected one of [train, test] (or data: "
            + SUBSET + " / " + FULL + ")");
      }
    }
    if (!data.containsKey("train")) {
      throw new ConfigException("data: key 'train' is required; expected {format: idx, images: FILE, labels: FILE}"
          + " or {format: csv, path: FILE, target: COLUMN}");
    }
    Map<String, Object> resolved = new LinkedHashMap<>();
    DataSpec train = split("data.train", data.get("train"), paths, resolved);
    DataSpec test = data.containsKey("test") ? split("data.test", data.get("test"), paths, resolved) : null;
    return new DataSection(train, test, resolved);
  }

  private static DataSection builtin(String id) {
    Map<String, Object> resolved = new LinkedHashMap<>();
    if (id.equals(SUBSET)) {
      resolved.put("train", Map.of("format", "embedded", "split", "train"));
      resolved.put("test", Map.of("format", "embedded", "split", "test"));
      return new DataSection(DataSpec.embedded("train"), DataSpec.embedded("test"), resolved);
    }
    if (id.equals(FULL)) {
      Path dir = EmbeddedData.systemFashionMnist().orElseThrow(() -> new ConfigException("data: " + FULL
          + " not found in " + EmbeddedData.SYSTEM_DIR + ": install Debian's package dataset-fashion-mnist"
          + " (apt-get install dataset-fashion-mnist), or set APO_FASHION_MNIST=DIR to a folder holding its four IDX"
          + " files, or use data: " + SUBSET + " (embedded, no download)"));
      DataSpec train = EmbeddedData.systemSplit(dir, "train");
      DataSpec test = EmbeddedData.systemSplit(dir, "t10k");
      resolved.put("train", Map.of("format", "idx", "images", train.images().toString(), "labels", train.labels().toString()));
      resolved.put("test", Map.of("format", "idx", "images", test.images().toString(), "labels", test.labels().toString()));
      return new DataSection(train, test, resolved);
    }
    throw new ConfigException("data: unknown data set '" + id + "'; expected one of [" + FULL + ", " + SUBSET
        + "] or {train: ..., test: ...}");
  }

  @SuppressWarnings("unchecked")
  private static DataSpec split(String key, Object raw, PathResolver paths, Map<String, Object> resolved) {
    if (!(raw instanceof Map)) {
      throw new ConfigException(key + ": expected a map such as {format: idx, images: FILE, labels: FILE}, found "
          + raw);
    }
    Config c = bind(key, (Map<String, Object>) raw);
    DataFormat format = DataFormat.valueOf(c.text("format").toUpperCase(Locale.ROOT));
    Map<String, Object> out = new LinkedHashMap<>(c.asMap());
    Path images = null;
    Path labels = null;
    Path path = null;
    switch (format) {
      case IDX -> {
        images = paths.existing(key + ".images", require(key, c, "images"));
        labels = paths.existing(key + ".labels", require(key, c, "labels"));
        out.put("images", images.toString());
        out.put("labels", labels.toString());
      }
      case CSV -> {
        path = paths.existing(key + ".path", require(key, c, "path"));
        out.put("path", path.toString());
      }
      case EMBEDDED -> { }
    }
    resolved.put(key.substring("data.".length()), out);
    return new DataSpec(format, images, labels, path, c.text("target"), c.decimal("scale"),
        DataSpec.FeatureType.valueOf(c.text("input-type").toUpperCase(Locale.ROOT)),
        DataSpec.TargetType.valueOf(c.text("target-type").toUpperCase(Locale.ROOT)),
        standardisation(key + ".standardise", c.section("standardise")),
        standardisation(key + ".target-standardise", c.section("target-standardise")), c.text("split"));
  }

  private static Config bind(String key, Map<String, Object> raw) {
    try {
      return SPLIT.bind(raw);
    } catch (ConfigException e) {
      throw new ConfigException(e.getMessage().replaceFirst("^data split", key));
    }
  }

  private static String require(String key, Config c, String name) {
    String v = c.text(name);
    if (v.isEmpty()) {
      throw new ConfigException(key + ": key '" + name + "' is required for format " + c.text("format")
          + "; expected a file path");
    }
    return v;
  }

  private static DataSpec.Standardisation standardisation(String key, Map<String, Object> m) {
    if (m.isEmpty()) {
      return null;
    }
    Config c = ConfigSpec.builder(key)
        .decimal("mean", 0.0, "subtracted", -Double.MAX_VALUE, Double.MAX_VALUE)
        .decimal("std", 1.0, "then divided by", Double.MIN_VALUE, Double.MAX_VALUE).build().bind(m);
    return new DataSpec.Standardisation(c.decimal("mean"), c.decimal("std"));
  }
}
