package io.tributary.runtime.embedded;

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
 * A child process (a server, a broker, a worker JVM) that stops by itself when this JVM goes,
 * however it goes (kill -9 included), so that a killed run leaves nothing behind on a shared
 * machine. The command runs under a small shell that holds a pipe from this JVM as its standard
 * input and stops the command (TERM, then KILL after 5 s) when that pipe closes. Output, standard
 * error included, is appended to a log file.
 *
 * <p>Faults go to the command itself, not the shell: {@link #kill()} is SIGKILL of that process
 * (a real crash), {@link #terminate(Duration)} SIGTERM (what Kubernetes sends on scale-down).
 */
public final class SupervisedProcess implements AutoCloseable {
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

  private SupervisedProcess(String name, Process shell, Path log) {
    this.name = name;
    this.shell = shell;
    this.lifeline = shell.getOutputStream();
    this.log = log;
  }

  /** Starts {@code binary args} under the watcher, output appended to {@code log}. */
  public static SupervisedProcess start(String name, Path binary, List<String> args, Path log) {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(args);
    return start(name, command, Map.of(), log);
  }

  /**
   * Starts {@code command} (executable first) under the watcher with these extra environment
   * variables, output appended to {@code log}.
   */
  public static SupervisedProcess start(String name, List<String> command, Map<String, String> env, Path log) {
    List<String> full = new ArrayList<>(List.of("sh", "-c", WATCHER, "sh"));
    full.addAll(command);
    try {
      ProcessBuilder builder = new ProcessBuilder(full)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      return new SupervisedProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
    }
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** Whether the command runs: the shell waits for it and exits with it. */
  public boolean isAlive() {
    return shell.isAlive();
  }

  /**
   * The pids of the command and whatever it started: the shell's descendants that are neither the
   * watcher subshell nor its cat, for fault tests that kill them.
   */
  public List<Long> pids() {
    return shell.descendants().filter(p -> isCommand(p) && !p.info().command().orElse("").endsWith("/cat"))
        .map(ProcessHandle::pid).toList();
  }

  /** SIGKILL of the command: no shutdown hook, no flush, no goodbye; then waits up to 30 s for it to end. */
  public void kill() throws InterruptedException {
    command().ifPresent(ProcessHandle::destroyForcibly);
    shell.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM of the command, then its exit code (-1 when it did not exit within {@code limit}). */
  public int terminate(Duration limit) throws InterruptedException {
    command().ifPresent(ProcessHandle::destroy);
    return shell.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? shell.exitValue() : -1;
  }

  /** The command's own process: the shell's child that is not the watcher subshell. */
  private Optional<ProcessHandle> command() {
    return shell.children().filter(SupervisedProcess::isCommand).findFirst();
  }

  /** Neither a shell (the watcher subshell runs the same executable as {@code sh}) nor unknown. */
  private static boolean isCommand(ProcessHandle process) {
    String command = process.info().command().orElse("");
    return !command.isEmpty() && !command.endsWith("/sh") && !command.endsWith("/dash")
        && !command.endsWith("/bash");
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
