package io.tributary.runtime.ops;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful stop of a role. SIGTERM (and SIGINT) do not start the JVM shutdown; they only
 * {@link #requestStop ask} the role to stop taking new work. The role finishes and commits what
 * is in flight, returns from its loop, and {@code Main} exits with 0 — a JVM shutdown started by
 * the signal itself would end with 143 and could cut a commit short.
 */
public final class Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
  /** How long a shutdown hook waits for the role (Kubernetes' default grace period is 30 s). */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(25);

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch roleFinished = new CountDownLatch(1);
  private final List<Runnable> stopListeners = new CopyOnWriteArrayList<>();

  /** A lifecycle that only stops when {@link #requestStop} is called (tests, embedded use). */
  public Lifecycle() {}

  /** A lifecycle that stops on SIGTERM and SIGINT. */
  public static Lifecycle withSignalHandlers() {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.handle("TERM");
    lifecycle.handle("INT");
    return lifecycle;
  }

  public boolean isStopping() {
    return stopRequested.getCount() == 0;
  }

  /** Asks the role to stop; runs the stop listeners once (e.g. a consumer wake-up). */
  public void requestStop(String reason) {
    synchronized (stopRequested) {
      if (isStopping()) {
        return;
      }
      LOG.info("stop requested: {}", reason);
      stopRequested.countDown();
    }
    for (Runnable listener : stopListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("stop listener failed", e);
      }
    }
  }

  /** Runs {@code listener} when a stop is requested (at once if it already was). */
  public void onStop(Runnable listener) {
    stopListeners.add(listener);
    if (isStopping()) {
      listener.run();
    }
  }

  /**
   * Sleeps up to {@code duration}, waking early when a stop is requested.
   *
   * @return true when a stop was requested
   */
  public boolean sleep(Duration duration) {
    try {
      return stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Called by {@code Main} when the role returned: a shutdown hook waiting for it may end. */
  public void roleFinished() {
    roleFinished.countDown();
  }

  private void handle(String signal) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> requestStop("SIG" + signal));
    } catch (IllegalArgumentException | LinkageError unavailable) {
      // the JVM reserves this signal (e.g. -Xrs): fall back to a shutdown hook that lets the role
      // finish its batch before the JVM goes (the exit code is then the JVM's, not 0)
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        requestStop("shutdown");
        try {
          roleFinished.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "lifecycle-" + signal));
    }
  }
}
