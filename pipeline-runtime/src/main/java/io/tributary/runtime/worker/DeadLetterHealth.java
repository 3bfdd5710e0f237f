package io.tributary.runtime.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the worker is stuck on a dead-letter write that can never succeed, and why — the
 * {@code dead-letter} readiness check. While any record is blocked the pod is not ready and
 * {@code /readyz} names the record, the topic and the error, so the operator's condition shows
 * what to fix. Written by the polling thread, read by the readiness probe's.
 */
final class DeadLetterHealth {
  private final Map<String, String> blocked = new ConcurrentHashMap<>();

  /** Marks {@code record} (its {@code topic[partition]@offset}) as blocked for {@code reason}. */
  void blocked(String record, String reason) {
    blocked.put(record, reason);
  }

  /** The record was written after all (the cause was fixed), or left to the partition's next owner. */
  void cleared(String record) {
    blocked.remove(record);
  }

  /** Null when no record is blocked, else the reason of one of them (enough to act on). */
  String problem() {
    return blocked.values().stream().sorted().findFirst()
        .map(reason -> blocked.size() == 1 ? reason : reason + " (and " + (blocked.size() - 1) + " more records)")
        .orElse(null);
  }
}
