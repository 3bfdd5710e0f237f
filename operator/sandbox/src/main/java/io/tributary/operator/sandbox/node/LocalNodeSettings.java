package io.tributary.operator.sandbox.node;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a {@link LocalNode}.
 *
 * @param logDir where {@code <pod>.log} files go (stdout and stderr of each pod)
 * @param workDir per-pod directories (materialised volumes, termination logs); deleted on close
 * @param syncPeriod how often the node polls the API and reconciles
 * @param maxGracePeriod upper bound of a pod's {@code terminationGracePeriodSeconds} before SIGKILL
 */
public record LocalNodeSettings(Path logDir, Path workDir, Duration syncPeriod, Duration maxGracePeriod) {

  /** Logs in {@code <outputDir>/pods}, pod directories in {@code <outputDir>/node}. */
  public static LocalNodeSettings under(Path outputDir) {
    return new LocalNodeSettings(outputDir.resolve("pods"), outputDir.resolve("node"),
        Duration.ofMillis(500), Duration.ofSeconds(10));
  }

  /** {@code target/sandbox} of the working directory. */
  public static LocalNodeSettings defaults() {
    return under(Path.of("target", "sandbox"));
  }

  public LocalNodeSettings withMaxGracePeriod(Duration grace) {
    return new LocalNodeSettings(logDir, workDir, syncPeriod, grace);
  }
}
