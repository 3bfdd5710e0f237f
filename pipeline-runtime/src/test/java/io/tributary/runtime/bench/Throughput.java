package io.tributary.runtime.bench;

/**
 * One measured rate.
 *
 * @param name what was measured, as printed in the table
 * @param recordsPerSecond records (or requests) per second
 * @param method how the figure was obtained (tool output, broker clock, committed offsets)
 */
record Throughput(String name, double recordsPerSecond, String method) {
  Throughput {
    if (!(recordsPerSecond > 0) || Double.isInfinite(recordsPerSecond)) {
      throw new IllegalStateException(name + ": no usable rate measured (" + recordsPerSecond + ")");
    }
  }

  /** The same figure with {@code note} after its method (e.g. the process's resident memory). */
  Throughput noted(String note) {
    return new Throughput(name, recordsPerSecond, method + note);
  }

  /**
   * Records per second over a window: {@code records / (elapsedNanos / 1e9)}.
   *
   * @throws IllegalStateException when nothing was counted or the window is empty
   */
  static Throughput over(String name, long records, long elapsedNanos, String method) {
    if (records <= 0 || elapsedNanos <= 0) {
      throw new IllegalStateException(name + ": " + records + " records in " + elapsedNanos + " ns");
    }
    return new Throughput(name, records * 1e9 / elapsedNanos, method);
  }
}
