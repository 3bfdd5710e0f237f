package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Repeated Events are counted on one Event, as Kubernetes' own recorder does (issue #11 §1.16). */
@EnableKubernetesMockClient(crud = true)
class EventRecorderTest {
  static KubernetesClient client;
  private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private EventRecorder events;
  private final HasMetadata pipeline = new ConfigMapBuilder().withNewMetadata().withName("market-data")
      .withNamespace("default").withUid("uid-1").endMetadata().build();

  @BeforeEach
  void fresh() {
    client.v1().events().inNamespace("default").delete();
    events = new EventRecorder(client, clock);
  }

  @Test
  void theSameWarningTenTimesIsOneEventWithCountTen() {
    for (int i = 0; i < 10; i++) {
      events.warning(pipeline, "KafkaUnavailable", "cannot reach Kafka at kafka:9092");
      clock.advance(Duration.ofSeconds(15));
    }

    List<Event> written = events();
    assertThat(written).hasSize(1);
    Event event = written.get(0);
    assertThat(event.getCount()).isEqualTo(10);
    assertThat(event.getFirstTimestamp()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(event.getLastTimestamp()).isEqualTo("2026-03-01T10:02:15Z");
  }

  @Test
  void anotherMessageReasonOrObjectIsAnotherEvent() {
    events.warning(pipeline, "KafkaUnavailable", "cannot reach Kafka at kafka:9092");
    events.warning(pipeline, "KafkaUnavailable", "cannot reach Kafka at other:9092");
    events.warning(pipeline, "TopicMissing", "cannot reach Kafka at kafka:9092");
    events.normal(pipeline, "KafkaUnavailable", "cannot reach Kafka at kafka:9092");
    HasMetadata other = new ConfigMapBuilder().withNewMetadata().withName("payments").withNamespace("default")
        .withUid("uid-2").endMetadata().build();
    events.warning(other, "KafkaUnavailable", "cannot reach Kafka at kafka:9092");

    assertThat(events()).hasSize(5).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void aRepeatAfterTheWindowStartsANewEvent() {
    events.warning(pipeline, "KafkaUnavailable", "down");
    clock.advance(EventSeries.WINDOW.plusSeconds(1));
    events.warning(pipeline, "KafkaUnavailable", "down");

    assertThat(events()).hasSize(2).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void aRepeatOfADeletedEventStartsANewOne() {
    events.warning(pipeline, "KafkaUnavailable", "down");
    client.v1().events().inNamespace("default").delete();
    events.warning(pipeline, "KafkaUnavailable", "down");

    assertThat(events()).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  private static List<Event> events() {
    return client.v1().events().inNamespace("default").list().getItems();
  }

  /** A clock the test moves on. */
  static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
