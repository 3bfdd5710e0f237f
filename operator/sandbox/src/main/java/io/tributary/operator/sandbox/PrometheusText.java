package io.tributary.operator.sandbox;

/** Reads sample values from the Prometheus text exposition format. */
final class PrometheusText {
  private PrometheusText() {}

  /**
   * The sum of every sample of {@code metric} (all label sets), or {@code NaN} if there is none.
   * {@code name_total} matches {@code name_total} only, not {@code name_total_created}.
   */
  static double sum(String exposition, String metric) {
    double sum = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      if (line.isEmpty() || line.startsWith("#") || !line.startsWith(metric)) {
        continue;
      }
      char next = line.length() > metric.length() ? line.charAt(metric.length()) : ' ';
      if (next != '{' && next != ' ') {
        continue;
      }
      int valueStart = next == '{' ? line.indexOf('}', metric.length()) + 1 : metric.length();
      String[] rest = line.substring(valueStart).trim().split("\\s+");
      try {
        sum += Double.parseDouble(rest[0]);
        found = true;
      } catch (NumberFormatException ignored) {
        // a malformed line: skip it rather than lose the whole scrape
      }
    }
    return found ? sum : Double.NaN;
  }
}
