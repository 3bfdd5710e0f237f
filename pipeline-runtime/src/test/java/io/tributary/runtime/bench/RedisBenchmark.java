package io.tributary.runtime.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code redis-benchmark -t set -P 16 -q} (Debian package {@code redis-tools}), parsed. */
final class RedisBenchmark {
  private static final Pattern SET_RATE = Pattern.compile("SET: ([\\d.]+) requests per second");

  private RedisBenchmark() {}

  /**
   * Pipelined SETs (16 per round trip, 50 connections) of {@code valueBytes}-byte values.
   *
   * @throws IllegalStateException when redis-benchmark is not installed, fails or prints no rate
   */
  static Throughput pipelinedSet(int port, long requests, int valueBytes, Path log) {
    Path binary = binary(System.getenv("PATH"));
    String output = ChildProcess.run("redis-benchmark", List.of(binary.toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
        "-t", "set", "-P", "16", "-q", "-n", String.valueOf(requests), "-d", String.valueOf(valueBytes)),
        Duration.ofMinutes(3), log);
    return new Throughput("redis-benchmark SET -P 16", setRate(output), "tool output");
  }

  /** The rate of the last {@code SET: R requests per second} in the (-q) output. */
  static double setRate(String output) {
    Matcher matcher = SET_RATE.matcher(output);
    Double rate = null;
    while (matcher.find()) {
      rate = Double.parseDouble(matcher.group(1));
    }
    if (rate == null) {
      throw new IllegalStateException("no \"SET: ... requests per second\" in redis-benchmark output:\n"
          + ChildProcess.tail(output));
    }
    return rate;
  }

  /**
   * The {@code redis-benchmark} in one of the {@code pathEnv} directories.
   *
   * @throws IllegalStateException telling how to install it when there is none
   */
  static Path binary(String pathEnv) {
    return locate(pathEnv).orElseThrow(() -> new IllegalStateException(
        "redis-benchmark is not on the PATH: install it with `apt-get install redis-tools`"
            + " (Debian/Ubuntu) and run the bench again"));
  }

  private static Optional<Path> locate(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-benchmark");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
