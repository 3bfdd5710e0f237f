package io.tributary.operator.ops;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** What {@code /healthz} and {@code /readyz} answer. Thread-safe. */
public final class HealthState {
  private final AtomicReference<String> fatalProblem = new AtomicReference<>();
  private volatile BooleanSupplier ready = () -> false;
  private volatile boolean standingBy;

  /** Marks the process as not live; the kubelet restarts it. */
  public void informerFailed(String reason) {
    fatalProblem.compareAndSet(null, "informer stopped: " + reason);
  }

  /**
   * Marks the process as not live after it lost the leader Lease: its controllers have stopped
   * and JOSDK cannot start them again, so the kubelet restarts it as a stand-by.
   */
  public void leadershipLost() {
    fatalProblem.compareAndSet(null, "lost the leader lease");
  }

  /**
   * With leader election: true while this replica waits for the Lease. A stand-by is ready (it
   * serves its endpoints and would take over), its controllers are not running yet.
   */
  public void standingBy(boolean standingBy) {
    this.standingBy = standingBy;
  }

  public void readyWhen(BooleanSupplier condition) {
    this.ready = condition;
  }

  public Optional<String> fatalProblem() {
    return Optional.ofNullable(fatalProblem.get());
  }

  public boolean live() {
    return fatalProblem.get() == null;
  }

  public boolean ready() {
    return live() && (standingBy || ready.getAsBoolean());
  }
}
