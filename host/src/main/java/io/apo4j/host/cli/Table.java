package io.apo4j.host.cli;

import java.util.List;

/** Plain-text tables with padded columns. */
public final class Table {
  private Table() {}

  public static String render(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    StringBuilder s = new StringBuilder();
    line(s, header, widths);
    for (List<String> r : rows) {
      line(s, r, widths);
    }
    return s.toString();
  }

  private static void line(StringBuilder s, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      s.append(c);
      if (i < cells.size() - 1) {
        s.append(" ".repeat(widths[i] - c.length() + 2));
      }
    }
    s.append('\n');
  }
}
