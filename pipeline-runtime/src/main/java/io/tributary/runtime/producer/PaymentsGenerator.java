package io.tributary.runtime.producer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.SourceConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Payments at a steady {@code ratePerSecond}: payment {@code n} (from 1) is due at
 * {@code start + n / ratePerSecond}. Fields {@code payment_id, merchant, customer, amount,
 * currency, suspicious, ts}.
 *
 * <p>Each payment is suspicious with probability {@code fraudRatio}; suspicious ones carry
 * {@code "suspicious": true} and an amount uniform in [2000, 10000). Ordinary amounts are
 * log-normal, {@code exp(3.5 + 0.9 Z)} (median about 33). Merchants come from a pool of 50,
 * customers from 10,000; currencies EUR 50 %, USD 35 %, GBP 15 %.
 */
public final class PaymentsGenerator implements GeneratedSource {
  static final int MERCHANTS = 50;
  static final int CUSTOMERS = 10_000;

  private final Random random;
  private final double ratePerSecond;
  private final double fraudRatio;
  private final Instant start;
  private long emitted;

  public PaymentsGenerator(SourceConfig.Payments config, Random random, Instant start) {
    this.random = random;
    this.ratePerSecond = config.ratePerSecond();
    this.fraudRatio = config.fraudRatio();
    this.start = start;
  }

  @Override
  public List<ObjectNode> poll(Instant now) {
    List<ObjectNode> records = new ArrayList<>();
    while (!nextDue().isAfter(now) && records.size() < MAX_RECORDS_PER_POLL) {
      records.add(payment(nextDue()));
      emitted++;
    }
    return records;
  }

  @Override
  public Instant nextDue() {
    return dueTime(emitted + 1);
  }

  private Instant dueTime(long n) {
    return start.plusNanos(Math.round(n * 1e9 / ratePerSecond));
  }

  private ObjectNode payment(Instant ts) {
    boolean suspicious = random.nextDouble() < fraudRatio;
    double amount = suspicious ? 2000 + random.nextDouble() * 8000
        : Math.exp(3.5 + 0.9 * random.nextGaussian());
    double currencyDraw = random.nextDouble();
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("payment_id", RandomValues.uuid(random));
    record.put("merchant", RandomValues.padded("merchant-", 1 + random.nextInt(MERCHANTS), 3));
    record.put("customer", RandomValues.padded("customer-", 1 + random.nextInt(CUSTOMERS), 5));
    record.put("amount", RandomValues.round(Math.max(0.01, amount), 2));
    record.put("currency", currencyDraw < 0.5 ? "EUR" : currencyDraw < 0.85 ? "USD" : "GBP");
    record.put("suspicious", suspicious);
    record.put("ts", ts.toString());
    return record;
  }
}
