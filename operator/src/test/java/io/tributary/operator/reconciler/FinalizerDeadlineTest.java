package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FinalizerDeadlineTest {
  private static final Instant DELETED = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void givesUpOnceTheTimeoutHasPassedSinceTheDeletionTimestamp() {
    assertThat(deadline(DELETED.plusSeconds(299)).passed(deleted())).isFalse();
    assertThat(deadline(DELETED.plusSeconds(300)).passed(deleted())).isTrue();
    assertThat(deadline(DELETED).deadline(deleted())).isEqualTo(DELETED.plusSeconds(300));
  }

  @Test
  void retriesAtTheUsualPaceButNotAfterTheDeadlineNorInATightLoop() {
    assertThat(deadline(DELETED.plusSeconds(10)).retryAfter(deleted(), Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(deadline(DELETED.plusSeconds(290)).retryAfter(deleted(), Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(deadline(DELETED.plusSeconds(400)).retryAfter(deleted(), Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void withoutADeletionTimestampTheClockStartsNow() {
    ConfigMap notDeleted = new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build();
    assertThat(deadline(DELETED).deadline(notDeleted)).isEqualTo(DELETED.plusSeconds(300));
  }

  private static FinalizerDeadline deadline(Instant now) {
    return new FinalizerDeadline(Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static ConfigMap deleted() {
    return new ConfigMapBuilder().withNewMetadata().withName("x").withDeletionTimestamp(DELETED.toString()).endMetadata()
        .build();
  }
}
