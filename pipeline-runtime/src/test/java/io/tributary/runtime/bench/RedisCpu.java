package io.tributary.runtime.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * The CPU time redis-server has used ({@code INFO cpu}: {@code used_cpu_user + used_cpu_sys}, in
 * seconds). Read before and after a measurement, it gives Redis's CPU per record, a figure that a
 * busy machine changes far less than a rate: what a worker costs the Redis it shares.
 */
final class RedisCpu {
  private RedisCpu() {}

  /** Seconds of CPU the server at {@code url} has used so far. */
  static double seconds(String url) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return parse(connection.sync().info("cpu"));
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** {@code used_cpu_user + used_cpu_sys} of an {@code INFO cpu} reply. */
  static double parse(String info) {
    double user = Double.NaN;
    double sys = Double.NaN;
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_cpu_user:")) {
        user = Double.parseDouble(line.substring("used_cpu_user:".length()).trim());
      } else if (line.startsWith("used_cpu_sys:")) {
        sys = Double.parseDouble(line.substring("used_cpu_sys:".length()).trim());
      }
    }
    if (Double.isNaN(user) || Double.isNaN(sys)) {
      throw new IllegalStateException("INFO cpu without used_cpu_user and used_cpu_sys: " + info);
    }
    return user + sys;
  }

  /**
   * Microseconds of Redis CPU per record: {@code (after - before) * 1e6 / records}.
   *
   * @param name what was measured, as printed in the table
   */
  static PerRecord perRecord(String name, double before, double after, long records) {
    if (records <= 0 || !(after >= before)) {
      throw new IllegalStateException(name + ": Redis CPU " + before + " s to " + after + " s over " + records + " records");
    }
    return new PerRecord(name, (after - before) * 1e6 / records);
  }

  /**
   * @param name what was measured
   * @param micros Redis CPU microseconds per record
   */
  record PerRecord(String name, double micros) {}
}
