package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.runtime.config.SourceConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GeneratedSourceLoopTest {
  private static final Instant START = Instant.parse("2026-01-05T09:30:00Z");

  @Test
  void sendsWhatIsDueKeyedWithANewCorrelationIdEach() {
    FakeSink sink = new FakeSink();
    GeneratedSource source = new MarketDataGenerator(
        new SourceConfig.MarketData(List.of("AAPL", "MSFT"), 1000L, 3L), new java.util.Random(3), START);
    GeneratedSourceLoop loop = new GeneratedSourceLoop(source, sink, "symbol", Clock.systemUTC());

    assertThat(loop.step(START.plusMillis(1500))).isEqualTo(4);
    assertThat(loop.step(START.plusMillis(1600))).isZero();

    assertThat(sink.sent).extracting(OutgoingRecord::key).containsExactly("AAPL", "MSFT", "AAPL", "MSFT");
    assertThat(sink.sent).extracting(OutgoingRecord::timestampMillis).containsExactly(
        START.toEpochMilli(), START.toEpochMilli(), START.toEpochMilli() + 1000, START.toEpochMilli() + 1000);
    List<String> ids = sink.sent.stream().map(OutgoingRecord::correlationId).collect(Collectors.toList());
    assertThat(new HashSet<>(ids)).hasSize(4);
    assertThat(sink.sent.get(0).value()).startsWith("{\"symbol\":\"AAPL\",\"price\":");
    assertThat(loop.sent()).isEqualTo(4);
  }

  @Test
  void countsRecordsTheSinkRefused() {
    FakeSink sink = new FakeSink();
    sink.answer = FakeSink.Answer.FAIL;
    GeneratedSourceLoop loop = new GeneratedSourceLoop(new PaymentsGenerator(
        new SourceConfig.Payments(10.0, 0.0, 1L), new java.util.Random(1), START), sink, "payment_id",
        Clock.systemUTC());
    loop.step(START.plusSeconds(1));
    assertThat(loop.failures()).isEqualTo(10);
  }
}
