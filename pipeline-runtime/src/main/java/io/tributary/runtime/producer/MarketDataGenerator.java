package io.tributary.runtime.producer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.SourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One update per symbol every {@code intervalMs}, the first at the start:
 * {@code {"symbol", "price", "volume", "ts"}}.
 *
 * <p>Prices follow a geometric random walk: each tick multiplies the price by
 * {@code exp(VOLATILITY * Z)} with {@code Z} standard normal, so prices stay positive; they start
 * uniformly in [20, 500). Volume is {@code 1 + floor(Exp(mean 1000))} shares. {@code price} has two
 * decimals, {@code ts} is the tick's scheduled time (ISO-8601, UTC).
 */
public final class MarketDataGenerator implements GeneratedSource {
  /** Standard deviation of the log price change per tick. */
  static final double VOLATILITY = 0.002;
  static final double MEAN_VOLUME = 1000;

  private final Random random;
  private final Duration interval;
  private final Map<String, Double> prices = new LinkedHashMap<>();
  private Instant nextTick;

  public MarketDataGenerator(SourceConfig.MarketData config, Random random, Instant start) {
    this.random = random;
    this.interval = Duration.ofMillis(config.intervalMs());
    this.nextTick = start;
    for (String symbol : config.symbols()) {
      prices.put(symbol, 20 + random.nextDouble() * 480);
    }
  }

  @Override
  public List<ObjectNode> poll(Instant now) {
    List<ObjectNode> records = new ArrayList<>();
    while (!nextTick.isAfter(now) && records.size() + prices.size() <= MAX_RECORDS_PER_POLL) {
      for (Map.Entry<String, Double> entry : prices.entrySet()) {
        double price = entry.getValue() * Math.exp(VOLATILITY * random.nextGaussian());
        entry.setValue(price);
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("symbol", entry.getKey());
        record.put("price", RandomValues.round(price, 2));
        record.put("volume", 1 + (long) RandomValues.exponential(random, MEAN_VOLUME));
        record.put("ts", nextTick.toString());
        records.add(record);
      }
      nextTick = nextTick.plus(interval);
    }
    return records;
  }

  @Override
  public Instant nextDue() {
    return nextTick;
  }
}
