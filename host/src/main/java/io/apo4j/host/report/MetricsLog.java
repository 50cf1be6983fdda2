package io.apo4j.host.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An append-only JSON-lines log (one object per line), as {@code metrics.jsonl} and
 * {@code eval.jsonl}. Lines are flushed to the operating system before every checkpoint, so a
 * killed run keeps every line up to its last checkpoint; {@link #resumeAt} drops the rest.
 */
public final class MetricsLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final BufferedWriter out;
  private final List<Map<String, Object>> records;

  private MetricsLog(Path file, List<Map<String, Object>> kept) throws IOException {
    this.file = file;
    this.records = new ArrayList<>(kept);
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** A new, empty log (an existing file is replaced). */
  public static MetricsLog create(Path file) throws IOException {
    Files.deleteIfExists(file);
    return new MetricsLog(file, List.of());
  }

  /**
   * Reopens {@code file} keeping only records whose {@code step} is below {@code step} (what the
   * checkpoint of that step had seen); a torn last line from a killed run is dropped too.
   */
  public static MetricsLog resumeAt(Path file, long step) throws IOException {
    List<Map<String, Object>> kept = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Map<String, Object> record = parse(line);
        if (record != null && ((Number) record.get("step")).longValue() < step) {
          kept.add(record);
        }
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    StringBuilder text = new StringBuilder();
    for (Map<String, Object> r : kept) {
      text.append(JSON.writeValueAsString(r)).append('\n');
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new MetricsLog(file, kept);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      Map<String, Object> r = JSON.readValue(line, LinkedHashMap.class);
      return r.get("step") instanceof Number ? r : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Appends one record (it must have a numeric {@code step}). */
  public void append(Map<String, Object> record) throws IOException {
    records.add(new LinkedHashMap<>(record));
    out.write(JSON.writeValueAsString(sanitise(record)));
    out.write('\n');
  }

  /** Pushes buffered lines to the operating system (they survive a killed process). */
  public void flush() throws IOException {
    out.flush();
  }

  /** Every record, including those kept from before a resume. */
  public List<Map<String, Object>> records() {
    return List.copyOf(records);
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** JSON has no NaN or infinity: such values are written as null. */
  private static Map<String, Object> sanitise(Map<String, Object> record) {
    Map<String, Object> clean = new LinkedHashMap<>();
    record.forEach((k, v) -> clean.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
    return clean;
  }
}
