package io.tributary.runtime.faults;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Count and exact decimal sum of amounts per account: the reference the test computes from the
 * producer's acknowledgements, and what the worker's {@code aggregate} hashes hold in Redis.
 */
final class Totals {
  private final Map<String, Long> counts = new TreeMap<>();
  private final Map<String, BigDecimal> sums = new TreeMap<>();

  void add(String account, BigDecimal amount) {
    counts.merge(account, 1L, Long::sum);
    sums.merge(account, amount, BigDecimal::add);
  }

  /** Sets what a Redis hash holds for {@code account}: its {@code count} and {@code sum_amount} fields. */
  void put(String account, long count, BigDecimal sum) {
    counts.put(account, count);
    sums.put(account, sum);
  }

  Totals copy() {
    Totals copy = new Totals();
    copy.counts.putAll(counts);
    copy.sums.putAll(sums);
    return copy;
  }

  long records() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Records of the reference that {@code actual} misses, summed over accounts. */
  long lostIn(Totals actual) {
    return counts.entrySet().stream()
        .mapToLong(e -> Math.max(0, e.getValue() - actual.counts.getOrDefault(e.getKey(), 0L))).sum();
  }

  /** Records {@code actual} counts beyond the reference, summed over accounts (redeliveries counted twice). */
  long doubledIn(Totals actual) {
    return actual.lostIn(this);
  }

  /** Accounts whose sum in {@code actual} is not exactly the reference's (as decimals). */
  long sumsDifferingIn(Totals actual) {
    return sums.entrySet().stream()
        .filter(e -> e.getValue().compareTo(actual.sums.getOrDefault(e.getKey(), BigDecimal.ZERO)) != 0).count();
  }

  /**
   * One line per account, {@code acct-7 count=512 sum=25631.07}, sums without trailing zeros: two
   * of these maps are equal exactly when counts and decimal sums are.
   */
  Map<String, String> asLines() {
    Map<String, String> lines = new TreeMap<>();
    counts.forEach((account, count) -> lines.put(account, "count=" + count + " sum="
        + sums.getOrDefault(account, BigDecimal.ZERO).stripTrailingZeros().toPlainString()));
    return lines;
  }
}
