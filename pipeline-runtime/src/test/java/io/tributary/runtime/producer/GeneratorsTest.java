package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.SourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
  private static final Instant START = Instant.parse("2026-01-05T09:30:00Z");
  private static final SourceConfig MARKET = SourceConfig.of(
      new SourceConfig.MarketData(List.of("AAPL", "MSFT", "TSLA"), 1000L, 42L));
  private static final SourceConfig PAYMENTS =
      SourceConfig.of(new SourceConfig.Payments(200.0, 0.01, 7L));
  private static final SourceConfig CALLS = SourceConfig.of(new SourceConfig.Calls(600.0, 45.0, 1L));

  private static List<ObjectNode> pollUntil(GeneratedSource source, Duration elapsed) {
    List<ObjectNode> all = new ArrayList<>();
    Instant end = START.plus(elapsed);
    List<ObjectNode> batch;
    do {
      batch = source.poll(end);
      all.addAll(batch);
    } while (!batch.isEmpty());
    return all;
  }

  @Test
  void marketDataSendsOneUpdatePerSymbolPerInterval() {
    GeneratedSource source = GeneratedSources.create(MARKET, START, 0);
    List<ObjectNode> first = source.poll(START);
    assertThat(first).extracting(r -> r.get("symbol").asText()).containsExactly("AAPL", "MSFT", "TSLA");
    assertThat(first).allSatisfy(r -> {
      assertThat(r.fieldNames()).toIterable().containsExactlyElementsOf(SourceConfig.MarketData.FIELDS);
      assertThat(r.get("price").decimalValue().scale()).isEqualTo(2);
      assertThat(r.get("price").doubleValue()).isBetween(20.0, 500.0);
      assertThat(r.get("volume").asLong()).isPositive();
      assertThat(r.get("ts").asText()).isEqualTo("2026-01-05T09:30:00Z");
    });
    assertThat(source.poll(START.plusMillis(999))).isEmpty();
    assertThat(source.nextDue()).isEqualTo(START.plusSeconds(1));
    List<ObjectNode> later = source.poll(START.plusSeconds(3));
    assertThat(later).hasSize(9);
    assertThat(later).extracting(r -> r.get("ts").asText()).containsOnly(
        "2026-01-05T09:30:01Z", "2026-01-05T09:30:02Z", "2026-01-05T09:30:03Z");
  }

  @Test
  void marketDataPricesWalkButStayClose() {
    List<ObjectNode> records = pollUntil(GeneratedSources.create(MARKET, START, 0), Duration.ofSeconds(100));
    List<Double> aapl = records.stream().filter(r -> r.get("symbol").asText().equals("AAPL"))
        .map(r -> r.get("price").asDouble()).collect(Collectors.toList());
    assertThat(aapl).hasSize(101);
    assertThat(new HashSet<>(aapl)).hasSizeGreaterThan(50);
    for (int i = 1; i < aapl.size(); i++) {
      // 0.2 % volatility per tick: a 2 % jump would be a 10-sigma event
      assertThat(aapl.get(i) / aapl.get(i - 1)).isCloseTo(1.0, within(0.02));
    }
  }

  @Test
  void theSameSeedGivesTheSameRecords() {
    for (SourceConfig source : List.of(MARKET, PAYMENTS, CALLS)) {
      List<ObjectNode> one = pollUntil(GeneratedSources.create(source, START, 1), Duration.ofSeconds(5));
      List<ObjectNode> two = pollUntil(GeneratedSources.create(source, START, 2), Duration.ofSeconds(5));
      assertThat(one).as(source.kind()).isNotEmpty().isEqualTo(two);
    }
    SourceConfig otherSeed = SourceConfig.of(new SourceConfig.Payments(200.0, 0.01, 8L));
    assertThat(pollUntil(GeneratedSources.create(otherSeed, START, 1), Duration.ofSeconds(1)))
        .isNotEqualTo(pollUntil(GeneratedSources.create(PAYMENTS, START, 1), Duration.ofSeconds(1)));
  }

  @Test
  void withoutASeedTheFallbackSeedDecides() {
    SourceConfig unseeded = SourceConfig.of(new SourceConfig.Payments(100.0, null, null));
    assertThat(pollUntil(GeneratedSources.create(unseeded, START, 1), Duration.ofSeconds(1)))
        .isNotEqualTo(pollUntil(GeneratedSources.create(unseeded, START, 2), Duration.ofSeconds(1)));
  }

  @Test
  void paymentsArriveAtTheConfiguredRate() {
    GeneratedSource source = GeneratedSources.create(PAYMENTS, START, 0);
    assertThat(source.poll(START)).isEmpty();
    assertThat(source.nextDue()).isEqualTo(START.plusMillis(5));
    assertThat(source.poll(START.plusSeconds(1))).hasSize(200);
    assertThat(source.poll(START.plusMillis(1500))).hasSize(100);
  }

  @Test
  void paymentsHaveTheirFieldsAndAboutTheFraudRatioFlagged() {
    List<ObjectNode> payments = pollUntil(GeneratedSources.create(PAYMENTS, START, 0), Duration.ofSeconds(500));
    assertThat(payments).hasSize(100_000);
    ObjectNode first = payments.get(0);
    assertThat(first.fieldNames()).toIterable().containsExactlyElementsOf(SourceConfig.Payments.FIELDS);
    assertThat(first.get("payment_id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(first.get("merchant").asText()).matches("merchant-\\d{3}");
    assertThat(first.get("customer").asText()).matches("customer-\\d{5}");
    assertThat(first.get("ts").asText()).isEqualTo("2026-01-05T09:30:00.005Z");
    assertThat(payments).extracting(p -> p.get("currency").asText()).containsOnly("EUR", "USD", "GBP");
    Set<String> ids = payments.stream().map(p -> p.get("payment_id").asText()).collect(Collectors.toSet());
    assertThat(ids).hasSize(payments.size());
    List<ObjectNode> suspicious = payments.stream().filter(p -> p.get("suspicious").asBoolean())
        .collect(Collectors.toList());
    // expected 1000 of 100000; the standard deviation is about 31
    assertThat(suspicious.size()).isBetween(880, 1120);
    assertThat(suspicious).allSatisfy(p -> assertThat(p.get("amount").asDouble()).isBetween(2000.0, 10000.0));
    double ordinaryMedian = payments.stream().filter(p -> !p.get("suspicious").asBoolean())
        .mapToDouble(p -> p.get("amount").asDouble()).sorted().skip(49_500).findFirst().orElseThrow();
    assertThat(ordinaryMedian).isBetween(30.0, 37.0);
  }

  @Test
  void callsArriveAsAPoissonProcessWithExponentialDurations() {
    // 600 calls per minute = 10 per second, over 1000 one-second windows
    GeneratedSource source = GeneratedSources.create(CALLS, START, 0);
    List<Integer> perWindow = new ArrayList<>();
    List<ObjectNode> all = new ArrayList<>();
    for (int second = 1; second <= 1000; second++) {
      List<ObjectNode> window = source.poll(START.plusSeconds(second));
      perWindow.add(window.size());
      all.addAll(window);
    }
    double mean = perWindow.stream().mapToInt(Integer::intValue).average().orElseThrow();
    double variance = perWindow.stream().mapToDouble(n -> (n - mean) * (n - mean)).sum() / (perWindow.size() - 1);
    assertThat(mean).isCloseTo(10.0, within(0.3));
    // a Poisson count has variance equal to its mean; a steady rate would have none
    assertThat(variance / mean).isBetween(0.85, 1.15);
    double meanDuration = all.stream().mapToDouble(c -> c.get("duration").asDouble()).average().orElseThrow();
    assertThat(meanDuration).isCloseTo(45.0, within(1.5));
    long longerThanTwiceTheMean = all.stream().filter(c -> c.get("duration").asDouble() > 90).count();
    // exponential: P(X > 2 mean) = e^-2, about 13.5 %
    assertThat((double) longerThanTwiceTheMean / all.size()).isCloseTo(Math.exp(-2), within(0.01));
  }

  @Test
  void callsHaveTheirFields() {
    GeneratedSource source = GeneratedSources.create(CALLS, START, 0);
    Instant due = source.nextDue();
    ObjectNode call = source.poll(due).get(0);
    assertThat(call.fieldNames()).toIterable().containsExactlyElementsOf(SourceConfig.Calls.FIELDS);
    assertThat(call.get("caller").asText()).matches("\\+1555\\d{7}").isNotEqualTo(call.get("callee").asText());
    assertThat(call.get("start_ts").asText()).isEqualTo(due.toString());
    assertThat(call.get("duration").decimalValue().scale()).isEqualTo(1);
  }

  @Test
  void aProducerThatFellBehindCatchesUpInBoundedSteps() {
    GeneratedSource source = GeneratedSources.create(PAYMENTS, START, 0);
    assertThat(source.poll(START.plus(Duration.ofHours(1)))).hasSize(GeneratedSource.MAX_RECORDS_PER_POLL);
    assertThat(source.nextDue()).isEqualTo(START.plusMillis(5L * (GeneratedSource.MAX_RECORDS_PER_POLL + 1)));
  }
}
