package io.tributary.runtime.worker;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells a failure of the record (retry policy, then dead letter) from an outage of Redis or Kafka
 * (pause and retry without limit: a record is never dropped because a server was down).
 */
final class Failures {
  private Failures() {}

  /** Redis error replies that mean "the server cannot serve right now", not "this record is bad". */
  private static final java.util.List<String> TRANSIENT_REDIS_ERRORS =
      java.util.List.of("NOSCRIPT", "LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "READONLY", "OOM");

  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof ExecutionException || current instanceof CompletionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** True when the failure is about the record itself. */
  static boolean isRecordFailure(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof RecordFailure) {
      return true;
    }
    if (cause instanceof RedisCommandExecutionException) {
      String message = String.valueOf(cause.getMessage());
      return TRANSIENT_REDIS_ERRORS.stream().noneMatch(message::startsWith);
    }
    if (cause instanceof org.apache.kafka.common.KafkaException) {
      return !(cause instanceof RetriableException)
          && !(cause instanceof org.apache.kafka.common.errors.InterruptException);
    }
    return false;
  }

  static boolean isNoScript(Throwable error) {
    Throwable cause = unwrap(error);
    return cause instanceof RedisCommandExecutionException
        && String.valueOf(cause.getMessage()).startsWith("NOSCRIPT");
  }
}
