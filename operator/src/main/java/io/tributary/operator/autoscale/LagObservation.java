package io.tributary.operator.autoscale;

import java.time.Instant;
import java.util.List;

/**
 * What one look at the input showed.
 *
 * <p>The two sums are monotonic counters the {@link RateEstimator} differentiates: for a topic the
 * sum of the partitions' end offsets (records ever appended) and of the positions the lag is
 * counted from (records ever consumed); for a Redis stream the stream's {@code entries-added} and
 * the entries the group has read and acknowledged ({@code entries-read - pending}).
 *
 * @param at when it was taken
 * @param totalLag records not yet processed: the sum of the partitions' lag, or for a Redis stream
 *     the group's {@code lag} (never delivered) plus {@code pending} (delivered, not acknowledged)
 * @param endOffsetSum records ever appended
 * @param committedOffsetSum records ever consumed
 * @param partitionCount partitions of the topic; null for a Redis stream (no partition cap)
 * @param partitions per partition details (empty for a Redis stream)
 * @param pending Redis stream entries delivered but not acknowledged (0 for a topic)
 */
public record LagObservation(
    Instant at,
    long totalLag,
    long endOffsetSum,
    long committedOffsetSum,
    Integer partitionCount,
    List<PartitionLag> partitions,
    long pending) {

  public LagObservation {
    partitions = List.copyOf(partitions);
  }

  /** A topic observation from its partitions. */
  public static LagObservation ofPartitions(Instant at, List<PartitionLag> partitions) {
    long lag = 0;
    long end = 0;
    long counted = 0;
    for (PartitionLag p : partitions) {
      lag += p.lag();
      end += p.endOffset();
      counted += p.countedOffset();
    }
    return new LagObservation(at, lag, end, counted, partitions.size(), partitions, 0);
  }

  /** A topic observation from totals only (tests, summaries). */
  public static LagObservation ofTotals(Instant at, long totalLag, long endOffsetSum, long committedOffsetSum, int partitions) {
    return new LagObservation(at, totalLag, endOffsetSum, committedOffsetSum, partitions, List.of(), 0);
  }

  /**
   * A Redis stream observation: {@code totalLag = lag + pending}; consumed (acknowledged)
   * {@code = entriesAdded - totalLag}.
   */
  public static LagObservation ofRedisStream(Instant at, long entriesAdded, long lag, long pending) {
    long total = lag + pending;
    return new LagObservation(at, total, entriesAdded, entriesAdded - total, null, List.of(), pending);
  }
}
