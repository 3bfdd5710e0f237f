package io.tributary.operator.observability;

import static org.junit.jupiter.api.Assertions.fail;

import io.tributary.operator.testing.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool}. A machine without it fails the tests (it is not a skip): the
 * alert rules are only proven by promtool.
 */
final class Promtool {
  private static final long TIMEOUT_SECONDS = 120;

  private Promtool() {}

  /** What promtool printed and how it exited. */
  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  /** Runs {@code promtool <args>} in {@code workingDir}. */
  static Result run(Path workingDir, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Executables.onPath("promtool", "prometheus").toString());
    command.addAll(args);
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workingDir.toFile())
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      // promtool's output is small; reading it to the end also waits for the process to close it.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return fail("promtool " + args + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      return fail("could not run promtool " + args + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while running promtool " + args, e);
    }
  }
}
