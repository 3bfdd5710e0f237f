package io.tributary.operator.autoscale;

import io.tributary.api.v1alpha1.OffsetResetPolicy;

/**
 * One partition of the input topic as observed.
 *
 * @param partition partition number
 * @param earliestOffset the first retained offset (log start)
 * @param endOffset the offset the next record will get (log end)
 * @param committedOffset the group's committed offset, or null when the group never committed
 * @param countedOffset the position the lag is measured from (see {@link #of})
 * @param lag records not yet consumed by the group, {@code endOffset - countedOffset}
 */
public record PartitionLag(
    int partition, long earliestOffset, long endOffset, Long committedOffset, long countedOffset, long lag) {

  /**
   * The lag of one partition.
   *
   * <p>With a committed offset {@code c}: {@code lag = end - max(c, earliest)} — records below
   * the log start were deleted by retention and will never be processed. Without one, the group
   * starts where {@code offsetResetPolicy} says: {@code earliest} counts the whole retained backlog
   * ({@code lag = end - earliest}), {@code latest} counts nothing ({@code lag = 0}).
   */
  public static PartitionLag of(
      int partition, long earliest, long end, Long committed, OffsetResetPolicy whenUncommitted) {
    long counted;
    if (committed != null) {
      counted = Math.min(end, Math.max(committed, earliest));
    } else {
      counted = whenUncommitted == OffsetResetPolicy.LATEST ? end : earliest;
    }
    return new PartitionLag(partition, earliest, end, committed, counted, Math.max(0, end - counted));
  }
}
