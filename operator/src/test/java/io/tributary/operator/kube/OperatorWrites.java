package io.tributary.operator.kube;

import io.tributary.operator.sandbox.kube.AuditLog;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The write requests of one user (the operator's) in the API server's audit log: how a test waits
 * for the operator to settle and then proves it stays settled.
 */
final class OperatorWrites {
  static final String OPERATOR = "tributary-operator";

  private final AuditLog audit;
  private final String user;

  OperatorWrites(LocalControlPlane plane, String user) {
    this.audit = plane.audit();
    this.user = user;
  }

  static OperatorWrites of(LocalControlPlane plane) {
    return new OperatorWrites(plane, OPERATOR);
  }

  long mark() {
    return audit.mark();
  }

  List<AuditLog.Write> since(long mark) {
    return audit.writesSince(mark, user);
  }

  /**
   * Waits until a whole {@code quiet} period passes without a write by the user.
   *
   * @throws AssertionError naming the last writes when that does not happen within {@code atMost}
   */
  void awaitQuiet(Duration quiet, Duration atMost) {
    Instant deadline = Instant.now().plus(atMost);
    List<AuditLog.Write> last = List.of();
    while (Instant.now().isBefore(deadline)) {
      long mark = audit.mark();
      sleep(quiet);
      last = audit.writesSince(mark, user);
      if (last.isEmpty()) {
        return;
      }
    }
    throw new AssertionError(user + " still writes after " + atMost.toSeconds() + " s; in the last "
        + quiet.toSeconds() + " s: " + last);
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
