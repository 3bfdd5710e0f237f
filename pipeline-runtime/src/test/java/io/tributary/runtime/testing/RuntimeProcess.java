package io.tributary.runtime.testing;

import io.tributary.runtime.config.HostOverrides;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The runtime started as a separate JVM ({@code java -cp <test class path> io.tributary.runtime.Main
 * <role> <config>}), so that tests can SIGKILL or SIGTERM it like Kubernetes does.
 */
public final class RuntimeProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private RuntimeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Writes {@code configJson} to a file in {@code dir} and starts {@code role} on it. */
  public static RuntimeProcess start(String role, String configJson, Path dir, String name) throws IOException {
    return start(role, configJson, dir, name, java.util.Map.of(), List.of());
  }

  /**
   * Like {@link #start(String, String, Path, String)} with extra environment variables (they win
   * over the defaults) and extra JVM options (e.g. {@code -Dlogback.configurationFile=logback.xml}
   * for the production log format).
   */
  public static RuntimeProcess start(String role, String configJson, Path dir, String name,
      java.util.Map<String, String> env, List<String> jvmOptions) throws IOException {
    Path config = dir.resolve(name + ".json");
    Files.writeString(config, configJson);
    Path log = dir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tributary.runtime.Main", role,
        config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put(HostOverrides.METRICS_PORT, "0");
    builder.environment().put(HostOverrides.METRICS_BIND, "127.0.0.1");
    builder.environment().put(HostOverrides.HTTP_BIND, "127.0.0.1");
    builder.environment().putAll(env);
    return new RuntimeProcess(builder.start(), log);
  }

  /** SIGKILL: no shutdown hook, no commit, nothing. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then the exit code (or -1 when it did not exit within 60 s). */
  public int terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /** Waits up to {@code timeout} for the process to exit; its exit code, or -1 while it runs. */
  public int waitFor(java.time.Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** The operating system's id of the process. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
