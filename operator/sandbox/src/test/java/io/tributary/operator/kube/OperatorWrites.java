package io.tributary.operator.kube;

import io.tributary.operator.sandbox.kube.AuditLog;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The write requests of one user (the operator's) in the API server's audit log: how a test waits
 * for the operator to settle and then proves it stays settled. Writes into namespaces other than
 * the test's are left out: the operator watches the whole cluster and may still be finishing an
 * earlier test's namespace while it terminates (retrying a create there), which says nothing about
 * this test.
 */
final class OperatorWrites {
  static final String OPERATOR = "tributary-operator";

  private final AuditLog audit;
  private final String user;
  private final String namespace;

  OperatorWrites(LocalControlPlane plane, String user, String namespace) {
    this.audit = plane.audit();
    this.user = user;
    this.namespace = namespace;
  }

  /** The operator's writes into {@code namespace} and to cluster-scoped objects. */
  static OperatorWrites of(LocalControlPlane plane, TestNamespace namespace) {
    return new OperatorWrites(plane, OPERATOR, namespace.name());
  }

  long mark() {
    return audit.mark();
  }

  List<AuditLog.Write> since(long mark) {
    return audit.writesSince(mark, user).stream()
        .filter(w -> w.namespace() == null || w.namespace().isEmpty() || w.namespace().equals(namespace))
        .toList();
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
      last = since(mark);
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
