package io.tributary.operator;

import io.javaoperatorsdk.operator.Operator;
import io.tributary.operator.ops.HealthState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the assembled operator exactly once, for one of two reasons.
 *
 * <ul>
 *   <li>{@link #close()}, a deliberate stop (SIGTERM, the end of a test or of the sandbox): the
 *       extensions, then the JOSDK operator, on the caller's thread. JOSDK cancels the leader
 *       election on the way, and the elector reports that as "stopped leading": that report is not
 *       a lost Lease and is ignored (reacting with {@code System.exit} there is what hangs a JVM
 *       inside its own SIGTERM shutdown hook).
 *   <li>{@link #leaseLost()}: another replica holds the Lease. JOSDK 5.2.3 only logs that (with
 *       {@code exitOnStopLeading(false)}) and lets the old leader's controllers, and the
 *       autoscaler beside them, go on writing. Here, at once: the {@link WriteFence} closes (no
 *       write leaves this process any more, an in-flight reconciliation's included) and liveness
 *       fails, so the kubelet restarts the pod as a stand-by; then the extensions and the JOSDK
 *       operator stop on a thread of their own, because the report comes on a thread of JOSDK's
 *       executor, which {@code Operator.stop()} shuts down and waits for.
 * </ul>
 *
 * <p>A {@link #close()} after a loss waits (boundedly) for that stop instead of starting another.
 */
final class OperatorShutdown {
  private static final Logger log = LoggerFactory.getLogger(OperatorShutdown.class);
  /** JOSDK waits up to its reconciliation termination timeout (10 s); the extensions close fast. */
  static final Duration AWAIT_STOP_AFTER_LOSS = Duration.ofSeconds(30);

  private final HealthState health;
  private final WriteFence fence;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Operator operator;
  private volatile List<OperatorExtension> extensions = List.of();

  /**
   * @param fence the fence of the operator's client (null without leader election: no Lease to lose)
   */
  OperatorShutdown(HealthState health, WriteFence fence) {
    this.health = health;
    this.fence = fence;
  }

  /** What to stop; called once, when the operator is assembled (before it starts). */
  void stopping(Operator operator, List<OperatorExtension> extensions) {
    this.operator = operator;
    this.extensions = List.copyOf(extensions);
  }

  /** The leader elector's "stopped leading". Does not block. */
  void leaseLost() {
    if (!stopping.compareAndSet(false, true)) {
      return; // a deliberate stop cancelled the election: not a loss
    }
    if (fence != null) {
      fence.close("this operator replica lost the leader Lease");
    }
    health.leadershipLost();
    log.error("lost the leader Lease: writes fenced off, stopping the controllers and the autoscaler; liveness fails");
    Thread stopper = new Thread(this::stopAll, "tributary-lease-lost");
    stopper.setDaemon(true);
    stopper.start();
  }

  /** Stops the operator, or waits for the stop a lost Lease started. */
  void close() {
    if (stopping.compareAndSet(false, true)) {
      stopAll();
      return;
    }
    try {
      if (!stopped.await(AWAIT_STOP_AFTER_LOSS.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("the stop after the lost Lease did not end within {}", AWAIT_STOP_AFTER_LOSS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopAll() {
    try {
      for (OperatorExtension extension : extensions) {
        try {
          extension.close();
        } catch (RuntimeException e) {
          log.warn("extension {} did not close cleanly", extension.getClass().getSimpleName(), e);
        }
      }
      if (operator != null) {
        operator.stop();
      }
    } finally {
      stopped.countDown();
    }
  }
}
