package io.apo4j.host.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes records as CSV: one column per key seen in any record (first-seen order), empty cells
 * where a record lacks the key (eval figures appear only at eval steps, APO's only at meta-steps).
 */
public final class MetricsCsv {
  private MetricsCsv() {}

  public static void write(List<Map<String, Object>> records, Path file) throws IOException {
    Set<String> columns = new LinkedHashSet<>();
    records.forEach(r -> columns.addAll(r.keySet()));
    StringBuilder s = new StringBuilder(String.join(",", columns)).append('\n');
    for (Map<String, Object> r : records) {
      boolean first = true;
      for (String c : columns) {
        if (!first) {
          s.append(',');
        }
        first = false;
        Object v = r.get(c);
        s.append(v == null ? "" : escape(v.toString()));
      }
      s.append('\n');
    }
    Files.writeString(file, s, StandardCharsets.UTF_8);
  }

  private static String escape(String v) {
    return v.contains(",") || v.contains("\"") ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
