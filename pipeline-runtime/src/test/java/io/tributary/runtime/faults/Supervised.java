package io.tributary.runtime.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process that ends by itself when the test JVM goes, however it goes (kill -9 included),
 * so that a killed test run leaves no broker or worker behind on a shared machine. The command
 * runs under a small shell holding a pipe from this JVM as its standard input; when the pipe
 * closes the shell sends TERM, then KILL after 5 s. The idea of the operator's sandbox
 * {@code SupervisedProcess}, which this module cannot depend on.
 *
 * <p>Faults go to the command itself, not the shell: {@link #kill()} is SIGKILL of that process
 * (a real crash), {@link #terminate()} SIGTERM (what Kubernetes sends on scale-down).
 */
final class Supervised implements AutoCloseable {
  // "$@" is the command; the watcher subshell ends it when our end of stdin closes (EOF). An
  // asynchronous list's stdin is /dev/null unless redirected, hence the copy on fd 3. The shell
  // exits with the command's status, so the exit code seen here is the command's.
  private static final String WATCHER = String.join("\n",
      "exec 3<&0",
      "\"$@\" </dev/null 3<&- &",
      "child=$!",
      "(cat <&3 >/dev/null; kill -TERM $child 2>/dev/null; sleep 5; kill -KILL $child 2>/dev/null) &",
      "exec 3<&-",
      "wait $child");

  private final String name;
  private final Process shell;
  private final OutputStream lifeline;
  private final Path log;

  private Supervised(String name, Process shell, Path log) {
    this.name = name;
    this.shell = shell;
    this.lifeline = shell.getOutputStream();
    this.log = log;
  }

  /** Starts {@code command} with these extra environment variables; output appended to {@code log}. */
  static Supervised start(String name, List<String> command, Map<String, String> env, Path log) {
    List<String> full = new ArrayList<>(List.of("sh", "-c", WATCHER, "sh"));
    full.addAll(command);
    try {
      ProcessBuilder builder = new ProcessBuilder(full)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      return new Supervised(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** {@code java -Xmx<heap> -cp <test class path> <mainClass> <args>} under the watcher. */
  static Supervised java(String name, String heap, String mainClass, List<String> args, Map<String, String> env,
      Path log) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        // two cores shared by many JVMs: a single GC thread and only the quick JIT tier
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    return start(name, command, env, log);
  }

  String name() {
    return name;
  }

  /** Whether the command runs: the shell waits for it and exits with it. */
  boolean isAlive() {
    return shell.isAlive();
  }

  /** SIGKILL of the command: no shutdown hook, no flush, no goodbye to the cluster. */
  void kill() throws InterruptedException {
    command().ifPresent(ProcessHandle::destroyForcibly);
    shell.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM of the command, then its exit code (-1 when it did not exit within {@code limit}). */
  int terminate(Duration limit) throws InterruptedException {
    command().ifPresent(ProcessHandle::destroy);
    return shell.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? shell.exitValue() : -1;
  }

  /** The command's own process: the shell's child that is neither the watcher subshell nor its cat. */
  private Optional<ProcessHandle> command() {
    return shell.children().filter(p -> {
      String command = p.info().command().orElse("");
      return !command.isEmpty() && !command.endsWith("/sh") && !command.endsWith("/dash")
          && !command.endsWith("/bash");
    }).findFirst();
  }

  @Override
  public void close() {
    try {
      lifeline.close();
    } catch (IOException ignored) {
      // the watcher sees EOF either way once the pipe is gone
    }
    try {
      if (!shell.waitFor(15, TimeUnit.SECONDS)) {
        shell.descendants().forEach(ProcessHandle::destroyForcibly);
        shell.destroyForcibly();
        shell.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shell.descendants().forEach(ProcessHandle::destroyForcibly);
  }
}
