package io.tributary.operator.sandbox.kube;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process that stops by itself when this JVM goes, however it goes (kill -9 included):
 * it runs under a small shell that holds a pipe from this JVM as its standard input and stops
 * the server (TERM, then KILL after a grace period) when that pipe closes. Output goes to a log file.
 */
public final class SupervisedProcess implements AutoCloseable {
  // "$@" is the server; the watcher subshell ends it when our end of stdin closes (EOF). An
  // asynchronous list's stdin is /dev/null unless redirected, hence the copy on fd 3.
  private static final String WATCHER = String.join("\n",
      "exec 3<&0",
      "\"$@\" </dev/null 3<&- &",
      "child=$!",
      "(cat <&3 >/dev/null; kill -TERM $child 2>/dev/null; sleep 5; kill -KILL $child 2>/dev/null) &",
      "exec 3<&-",
      "wait $child");

  private final String name;
  private final Process process;
  private final OutputStream lifeline;
  private final Path log;

  private SupervisedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.lifeline = process.getOutputStream();
    this.log = log;
  }

  static SupervisedProcess start(String name, Path binary, List<String> args, Path log) {
    return start(name, binary, args, java.util.Map.of(), log);
  }

  /** Starts {@code binary args} with these extra environment variables, output appended to {@code log}. */
  public static SupervisedProcess start(String name, Path binary, List<String> args, java.util.Map<String, String> env,
      Path log) {
    List<String> command = new ArrayList<>(List.of("sh", "-c", WATCHER, "sh", binary.toString()));
    command.addAll(args);
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      return new SupervisedProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + binary + ")", e);
    }
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The server's own pid (the child of the watcher shell), for fault tests that kill it. */
  public List<Long> pids() {
    return process.descendants().filter(p -> !p.info().command().orElse("").endsWith("/cat")
        && !p.info().command().orElse("").endsWith("/sh")).map(ProcessHandle::pid).toList();
  }

  @Override
  public void close() {
    try {
      lifeline.close();
    } catch (IOException ignored) {
      // the watcher sees EOF either way once the pipe is gone
    }
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
  }
}
