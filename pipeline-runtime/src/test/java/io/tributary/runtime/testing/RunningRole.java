package io.tributary.runtime.testing;

import io.tributary.runtime.config.HostOverrides;

import io.tributary.runtime.Main;
import io.tributary.runtime.config.ParsedConfig;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import io.tributary.runtime.ops.Lifecycle;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A role running in a background thread of the test JVM, exactly as {@code Main} runs it (ops
 * server on a free port), stopped with {@link #close()} as SIGTERM would.
 */
public final class RunningRole implements AutoCloseable {
  private final Lifecycle lifecycle = new Lifecycle();
  private final CompletableFuture<Integer> exit;
  private final CompletableFuture<io.tributary.runtime.ops.OpsServer> ops = new CompletableFuture<>();

  private RunningRole(RuntimeConfig config, Map<String, String> env) {
    this.exit = CompletableFuture.supplyAsync(() -> Main.runRole(config,
        name -> env.containsKey(name) ? env.get(name) : HostOverrides.METRICS_PORT.equals(name) ? "0"
            : HostOverrides.METRICS_BIND.equals(name) ? "127.0.0.1" : null,
        lifecycle, ops::complete), runnable -> {
          Thread thread = new Thread(runnable, "role-under-test");
          thread.setDaemon(true);
          thread.start();
        });
  }

  /** Validates {@code json} like Main does and starts the role. */
  public static RunningRole start(String json) {
    return start(json, Map.of());
  }

  public static RunningRole start(String json, Map<String, String> env) {
    ParsedConfig parsed = RuntimeConfigs.parse(json);
    if (!parsed.isValid()) {
      throw new IllegalArgumentException("test config invalid: " + parsed.problems());
    }
    return new RunningRole(parsed.config(), env);
  }

  /** The Prometheus text the role's /metrics serves right now. */
  public String metrics() {
    return opsServer().registry().scrape();
  }

  public io.tributary.runtime.ops.OpsServer opsServer() {
    try {
      return ops.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("role did not start its ops server", e);
    }
  }

  public CompletableFuture<Integer> exit() {
    return exit;
  }

  /** Requests a stop and returns the exit code. */
  public int stop() {
    lifecycle.requestStop("test");
    try {
      return exit.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("role did not stop", e);
    }
  }

  @Override
  public void close() {
    if (!exit.isDone()) {
      stop();
    }
  }
}
