package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a finalizer may hold a deleted resource. A cleanup that keeps failing (Kafka
 * unreachable, its credentials Secret deleted) must not keep the resource — and a namespace being
 * deleted around it — {@code Terminating} forever: once the timeout has passed since the deletion
 * was requested, the finalizer gives up.
 *
 * <p>The clock starts at {@code metadata.deletionTimestamp}, set by the API server, so the bound
 * holds across operator restarts and leader changes (nothing is remembered in memory).
 */
final class FinalizerDeadline {
  /** Retries are never closer than this, so that a failing cleanup does not spin. */
  private static final Duration MIN_RETRY = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(FinalizerDeadline.class);

  private final Duration timeout;
  private final Clock clock;

  FinalizerDeadline(Duration timeout, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
  }

  Duration timeout() {
    return timeout;
  }

  /** When the finalizer of {@code resource} gives up: its deletion time plus the timeout. */
  Instant deadline(HasMetadata resource) {
    return deletionRequested(resource).plus(timeout);
  }

  /** Whether the finalizer should give up now. */
  boolean passed(HasMetadata resource) {
    return !clock.instant().isBefore(deadline(resource));
  }

  /** The next retry: after {@code usual}, or at the deadline when that comes first. */
  Duration retryAfter(HasMetadata resource, Duration usual) {
    Duration left = Duration.between(clock.instant(), deadline(resource));
    Duration next = left.compareTo(usual) < 0 ? left : usual;
    return next.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : next;
  }

  /**
   * What a finalizer whose cleanup failed returns: before the deadline a Warning {@code
   * CleanupFailed} and a retry after {@code retry} (or at the deadline); once it has passed, a
   * Warning {@code CleanupAbandoned} naming what was left behind — logged too, since in a namespace
   * being deleted the Event cannot be written — and the finalizer goes.
   *
   * @param pending what is not cleaned up yet, e.g. {@code "topics"}
   * @param leftBehind what may remain when the finalizer gives up, e.g. {@code "Kafka topics a, b may remain in Kafka"}
   */
  DeleteControl failed(EventRecorder events, HasMetadata resource, String pending, String leftBehind,
      RuntimeException e, Duration retry) {
    if (passed(resource)) {
      String message = "gave up cleaning up after " + timeout.toSeconds() + "s"
          + " (TRIBUTARY_FINALIZER_TIMEOUT_SECONDS); " + leftBehind + ": " + e.getMessage();
      log.warn("{} {}/{}: {}", resource.getKind(), resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(), message);
      events.warning(resource, "CleanupAbandoned", message);
      return DeleteControl.defaultDelete();
    }
    events.warning(resource, "CleanupFailed", pending + " not cleaned up yet (retrying until "
        + deadline(resource) + "): " + e.getMessage());
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(retryAfter(resource, retry));
  }

  private Instant deletionRequested(HasMetadata resource) {
    String timestamp = resource.getMetadata().getDeletionTimestamp();
    if (timestamp == null) {
      return clock.instant(); // not deleted (a test calling cleanup directly): the clock starts now
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return clock.instant();
    }
  }
}
