package io.tributary.runtime.producer;

import io.tributary.runtime.config.SourceConfig;
import java.time.Instant;
import java.util.Random;

/** Picks the generator of a {@code source}; {@code http} is no generator. */
public final class GeneratedSources {
  private GeneratedSources() {}

  /**
   * @param randomSeed used when the source names no {@code seed}
   * @throws IllegalArgumentException for an {@code http} source
   */
  public static GeneratedSource create(SourceConfig source, Instant start, long randomSeed) {
    if (source.marketData() != null) {
      return new MarketDataGenerator(source.marketData(),
          new Random(seedOr(source.marketData().seed(), randomSeed)), start);
    }
    if (source.payments() != null) {
      return new PaymentsGenerator(source.payments(),
          new Random(seedOr(source.payments().seed(), randomSeed)), start);
    }
    if (source.calls() != null) {
      return new CallsGenerator(source.calls(),
          new Random(seedOr(source.calls().seed(), randomSeed)), start);
    }
    throw new IllegalArgumentException("source " + source.kind() + " is not a generated source");
  }

  private static long seedOr(Long seed, long fallback) {
    return seed != null ? seed : fallback;
  }
}
