package io.tributary.runtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion with a time limit and returns what it printed (stdout and stderr
 * merged). Used for Kafka's perf tools (in a child JVM on the test class path, so that their
 * {@code Exit.exit} and their output stay out of the bench JVM) and for {@code redis-benchmark}.
 */
final class ChildProcess {
  private ChildProcess() {}

  /** {@code java -cp <test class path> mainClass args...}. */
  static String runJava(String mainClass, List<String> args, Duration limit, Path log) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    return run(mainClass.substring(mainClass.lastIndexOf('.') + 1), command, limit, log);
  }

  /**
   * Runs {@code command}; the output also goes to {@code log}. {@code name} names it in errors.
   *
   * @throws IllegalStateException when it does not finish within {@code limit} (it is killed) or
   *     exits non-zero; the message carries the output's tail
   */
  static String run(String name, List<String> command, Duration limit, Path log) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log);
      if (!finished || process.exitValue() != 0) {
        throw new IllegalStateException(name + " "
            + (finished ? "exited " + process.exitValue() : "did not finish within " + limit)
            + "; output:\n" + tail(output));
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  static String tail(String output) {
    return output.length() > 3000 ? output.substring(output.length() - 3000) : output;
  }
}
