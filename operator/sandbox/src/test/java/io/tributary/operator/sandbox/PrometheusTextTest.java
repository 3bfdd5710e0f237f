package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final String EXPOSITION = """
      # HELP kafka_messages_consumed_total Records consumed
      # TYPE kafka_messages_consumed_total counter
      kafka_messages_consumed_total{component="cache-writer",partition="0"} 120.0
      kafka_messages_consumed_total{component="cache-writer",partition="1"} 30.0
      kafka_messages_consumed_total_created{component="cache-writer"} 1.7E9
      kafka_messages_produced_total 7
      """;

  @Test
  void sumsEverySeriesOfTheMetricAndOnlyThatMetric() {
    assertThat(PrometheusText.sum(EXPOSITION, "kafka_messages_consumed_total")).isEqualTo(150.0);
    assertThat(PrometheusText.sum(EXPOSITION, "kafka_messages_produced_total")).isEqualTo(7.0);
    assertThat(PrometheusText.sum(EXPOSITION, "redis_cache_hits_total")).isNaN();
  }

  @Test
  void ratesAreIncreasesPerSecondAndSurviveACounterReset() {
    RateTracker rates = new RateTracker();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(rates.observe("pod-a", 100, t0)).isNaN();
    assertThat(rates.observe("pod-a", 150, t0.plusSeconds(5))).isEqualTo(10.0);
    assertThat(rates.observe("pod-a", 20, t0.plusSeconds(10))).isEqualTo(4.0);
  }
}
