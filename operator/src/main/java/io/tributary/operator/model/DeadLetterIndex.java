package io.tributary.operator.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the operator knows of one dead-letter topic, in memory: per partition, the offset scanned up
 * to, and per component ({@code tributary.component} header) the offsets and timestamps of its
 * records. Filled incrementally (a bounded number of records per reconcile) and empty after an
 * operator restart (then read again from the start). Thread-safe.
 *
 * <p>{@link #depth}: a Worker's dead letters not yet redriven = its records at or after, per
 * partition, the offset a redrive with no filter reached ({@code status.deadLetters.redrivenUntilOffsets}).
 */
public final class DeadLetterIndex {
  /** Records counted and the oldest one's timestamp (epoch ms; null when there are none). */
  public record Depth(long records, Long oldestEpochMillis) {}

  private final Map<Integer, Long> scanned = new HashMap<>();
  /** component -> partition -> (offset, timestamp) pairs in offset order. */
  private final Map<String, Map<Integer, List<long[]>>> records = new HashMap<>();

  /** The next offset of {@code partition} to scan (0 for a partition not scanned yet). */
  public synchronized long next(int partition) {
    return scanned.getOrDefault(partition, 0L);
  }

  /** Records one dead letter (offsets in increasing order per partition). */
  public synchronized void add(int partition, long offset, String component, long timestamp) {
    if (component == null) {
      return;
    }
    records.computeIfAbsent(component, c -> new HashMap<>()).computeIfAbsent(partition, p -> new ArrayList<>())
        .add(new long[] {offset, timestamp});
  }

  /** Marks {@code partition} scanned up to {@code next} (exclusive). */
  public synchronized void scanned(int partition, long next) {
    scanned.merge(partition, next, Math::max);
  }

  /** Forgets records below {@code beginning} (deleted by retention); the scan goes on from there. */
  public synchronized void retainedFrom(int partition, long beginning) {
    scanned.merge(partition, beginning, Math::max);
    for (Map<Integer, List<long[]>> byPartition : records.values()) {
      List<long[]> list = byPartition.get(partition);
      if (list != null) {
        list.removeIf(r -> r[0] < beginning);
      }
    }
  }

  /**
   * The dead letters of {@code component} at or after {@code from} (by partition; a partition not
   * in it counts from its start).
   */
  public synchronized Depth depth(String component, Map<Integer, Long> from) {
    long count = 0;
    Long oldest = null;
    Map<Integer, List<long[]>> byPartition = records.getOrDefault(component, Map.of());
    for (Map.Entry<Integer, List<long[]>> e : byPartition.entrySet()) {
      long start = from == null ? 0 : from.getOrDefault(e.getKey(), 0L);
      for (long[] r : e.getValue()) {
        if (r[0] >= start) {
          count++;
          oldest = oldest == null ? r[1] : Math.min(oldest, r[1]);
        }
      }
    }
    return new Depth(count, oldest);
  }
}
