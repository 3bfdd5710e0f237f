package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The recorder's memory of recent Events stays bounded however many objects warn. */
class EventSeriesTest {
  @Test
  void forgetsTheLeastRecentlyUsedSeriesBeyondItsCapacity() {
    EventSeries series = new EventSeries(3);
    EventSeries.Key first = key("p0");
    EventSeries.Entry kept = series.entry(first);
    for (int i = 1; i < 10; i++) {
      series.entry(key("p" + i));
      series.entry(first); // used again: stays
    }

    assertThat(series.size()).isEqualTo(3);
    assertThat(series.entry(first)).isSameAs(kept);
  }

  private static EventSeries.Key key(String name) {
    return new EventSeries.Key("default", "Pipeline", name, "uid-" + name, "Warning", "KafkaUnavailable", "down");
  }
}
