package io.tributary.runtime.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wrk} (Debian package {@code wrk}) posting one JSON batch over and over, with a Lua script,
 * parsed: requests per second and the 99th percentile latency ({@code --latency}).
 */
final class Wrk {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern P99 = Pattern.compile("\\s99%\\s+([\\d.]+)(us|ms|s)\\b");
  private static final Pattern NOT_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  /** What one run gave. */
  record Result(double requestsPerSecond, double p99Millis) {}

  private Wrk() {}

  /**
   * {@code wrk -t2 -c<connections> -d<duration> --latency -s <script>} against {@code url}, the script
   * posting {@code body} as {@code application/json}.
   *
   * @throws IllegalStateException when wrk is not installed, fails, or any answer was not 2xx
   */
  static Result post(String url, String body, int connections, Duration duration, Path dir, String name) throws Exception {
    Path script = dir.resolve(name + ".lua");
    Files.writeString(script, luaScript(body));
    String output = ChildProcess.run("wrk", List.of(binary(System.getenv("PATH")).toString(), "-t2",
        "-c" + connections, "-d" + duration.toSeconds() + "s", "--latency", "-s", script.toString(), url),
        duration.plusMinutes(1), dir.resolve(name + ".log"));
    return parse(output);
  }

  /** A script that sends {@code body} with every request (Lua long brackets: no escaping needed). */
  static String luaScript(String body) {
    String level = "=";
    while (body.contains("]" + level + "]")) {
      level += "=";
    }
    return "wrk.method = \"POST\"\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
        + "wrk.body = [" + level + "[" + body + "]" + level + "]\n";
  }

  /** Requests/s and p99 from wrk's output; fails when some answers were not 2xx. */
  static Result parse(String output) {
    Matcher notOk = NOT_2XX.matcher(output);
    if (notOk.find() && Long.parseLong(notOk.group(1)) > 0) {
      throw new IllegalStateException(notOk.group(1) + " answers were not 2xx:\n" + ChildProcess.tail(output));
    }
    Matcher rate = RATE.matcher(output);
    Matcher p99 = P99.matcher(output);
    if (!rate.find() || !p99.find()) {
      throw new IllegalStateException("no \"Requests/sec\" or \"99%\" line in wrk output:\n" + ChildProcess.tail(output));
    }
    double value = Double.parseDouble(p99.group(1));
    double millis = switch (p99.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
    return new Result(Double.parseDouble(rate.group(1)), millis);
  }

  /** The {@code wrk} on the PATH, or a message telling how to install it. */
  static Path binary(String pathEnv) {
    return locate(pathEnv).orElseThrow(() -> new IllegalStateException(
        "wrk is not on the PATH: install it with `apt-get install wrk` (Debian/Ubuntu) and run the bench again"));
  }

  private static Optional<Path> locate(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "wrk");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
