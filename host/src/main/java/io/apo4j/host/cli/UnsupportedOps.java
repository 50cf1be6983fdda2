package io.apo4j.host.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The op types of a model that an importer does not support, read from its UNSUPPORTED error: the
 * importer stops at the first unsupported node, but its message lists every supported op
 * ({@code supported: [Abs-1+, Add-1+, ...]}), so the whole list can be shown at once.
 */
final class UnsupportedOps {
  private static final Pattern SUPPORTED = Pattern.compile("supported: \\[([^\\]]*)\\]");
  private static final Pattern ENTRY = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9_.:]*)-\\d.*");

  private UnsupportedOps() {}

  /** Op types of {@code ops} missing from the supported list in {@code message}; empty when it has none. */
  static List<String> among(Collection<String> ops, String message) {
    Matcher m = SUPPORTED.matcher(message);
    Set<String> supported = new HashSet<>();
    while (m.find()) { // the op list is the longest "supported: [...]" in the message
      Set<String> names = new HashSet<>();
      for (String item : m.group(1).split(",")) {
        Matcher e = ENTRY.matcher(item);
        if (e.matches()) {
          names.add(e.group(1));
        }
      }
      if (names.size() > supported.size()) {
        supported = names;
      }
    }
    List<String> missing = new ArrayList<>();
    if (!supported.isEmpty()) {
      for (String op : ops) {
        if (!supported.contains(op)) {
          missing.add(op);
        }
      }
    }
    return missing;
  }
}
