package io.tributary.operator.sandbox;

import io.tributary.runtime.embedded.EmbeddedRedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the sandbox's redis-server up, as a kubelet keeps a Redis pod up: when the process exits
 * by itself (a crash, an OOM kill, a {@code kill -9}) it says so in one line, starts it again on
 * the same port, so that the URL every component was given stays valid and their clients
 * reconnect, and says so again. Restarts back off ({@link #backoff}: 1 s, 2 s, 4 s ... 30 s) while
 * the server keeps dying; one that ran for {@link #STABLE} starts the sequence afresh. A server
 * stopped on purpose ({@link EmbeddedRedisServer#stop()}) is left stopped.
 */
final class RedisSupervisor implements AutoCloseable {
  /** How often the process is looked at. */
  static final Duration CHECK_PERIOD = Duration.ofMillis(250);
  /** A server that ran this long before it died is restarted without waiting long. */
  static final Duration STABLE = Duration.ofSeconds(60);
  private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
  private static final Duration MAX_DELAY = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(RedisSupervisor.class);

  private final EmbeddedRedisServer redis;
  private final Consumer<String> report;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sandbox-redis-supervisor");
    thread.setDaemon(true);
    return thread;
  });
  // only the timer thread touches these
  private Instant startedAt;
  private Instant restartAt;
  private int crashesInARow;

  /** @param report gets each line about an exit or a restart */
  RedisSupervisor(EmbeddedRedisServer redis, Consumer<String> report, Clock clock) {
    this.redis = redis;
    this.report = report;
    this.clock = clock;
  }

  /** Starts watching a running server; returns {@code this}. */
  RedisSupervisor start() {
    startedAt = clock.instant();
    timer.scheduleWithFixedDelay(this::checkSafely, CHECK_PERIOD.toMillis(), CHECK_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  /** The wait before restart number {@code crashesInARow} (at least 1): 1 s doubling, at most 30 s. */
  static Duration backoff(int crashesInARow) {
    int doublings = Math.min(Math.max(crashesInARow - 1, 0), 10);
    Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      // the next round tries again; the timer must not die with this exception
      LOG.warn("redis-server supervision failed: {}", e.getMessage(), e);
    }
  }

  private void check() {
    Instant now = clock.instant();
    if (restartAt == null) {
      OptionalInt exit = redis.unexpectedExit();
      if (exit.isEmpty()) {
        return;
      }
      if (Duration.between(startedAt, now).compareTo(STABLE) >= 0) {
        crashesInARow = 0;
      }
      crashesInARow++;
      Duration delay = backoff(crashesInARow);
      restartAt = now.plus(delay);
      say("redis-server on " + address() + " exited (" + describe(exit.getAsInt()) + "); restarting it in "
          + seconds(delay) + " on the same port");
    } else if (!now.isBefore(restartAt)) {
      try {
        redis.start();
        startedAt = clock.instant();
        restartAt = null;
        say("redis-server restarted on " + address() + " (" + redis.url() + "; data since the last save is lost)");
      } catch (RuntimeException e) {
        crashesInARow++;
        Duration delay = backoff(crashesInARow);
        restartAt = clock.instant().plus(delay);
        say("redis-server did not start again on " + address() + " (" + e.getMessage() + "); next attempt in "
            + seconds(delay));
      }
    }
  }

  private void say(String line) {
    LOG.warn(line);
    report.accept(line);
  }

  private String address() {
    return "127.0.0.1:" + redis.port();
  }

  /** 137 is 128 + 9: the JDK's exit value of a process killed by SIGKILL. */
  private static String describe(int exitCode) {
    return exitCode > 128 ? "exit code " + exitCode + ", killed by signal " + (exitCode - 128) : "exit code " + exitCode;
  }

  private static String seconds(Duration delay) {
    return delay.toSeconds() + "s";
  }

  /** Stops watching (before the sandbox stops the server, so that the stop is not taken for a crash). */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
