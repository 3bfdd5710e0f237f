package io.tributary.runtime.worker;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells a dead-letter write that can never succeed from one that may succeed when tried again.
 *
 * <p>Permanent: every Kafka error that is not a {@link RetriableException} — the record with its
 * error headers is larger than the topic or producer allows ({@code RecordTooLargeException}),
 * the ACL denies the write ({@code TopicAuthorizationException}), the topic name is invalid
 * ({@code InvalidTopicException}), the client cannot authenticate, serialization failed. Trying
 * the same record again gives the same answer until someone changes the cluster.
 *
 * <p>Transient: Kafka's retriable errors (timeouts, {@code NotEnoughReplicasException}, a lost
 * leader, a disconnect), an interrupted send, our own wait timing out, anything not from Kafka.
 */
final class DeadLetterErrors {
  private DeadLetterErrors() {}

  /** True when writing the same record again cannot succeed without a change to the cluster. */
  static boolean isPermanent(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    return cause instanceof KafkaException
        && !(cause instanceof RetriableException)
        && !(cause instanceof InterruptException);
  }

  /** The {@code reason} label: the simple class name of the Kafka error, e.g. {@code RecordTooLargeException}. */
  static String reason(Throwable error) {
    return Failures.unwrap(error).getClass().getSimpleName();
  }
}
