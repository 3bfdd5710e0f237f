package io.tributary.operator.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleClientsTest {
  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-12-04T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aClientUnusedForTheIdleTimeIsClosedAndOneInUseIsKept() {
    MovingClock clock = new MovingClock();
    List<String> closed = new ArrayList<>();
    IdleClients<String> clients = new IdleClients<>(clock, Duration.ofMinutes(10), closed::add);

    assertThat(clients.get("cluster|password=old", () -> "old")).isEqualTo("old");
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertThat(clients.get("cluster|password=new", () -> "new")).isEqualTo("new");
    assertThat(clients.get("cluster|password=new", () -> "another")).as("kept, not created again").isEqualTo("new");
    assertThat(closed).isEmpty();

    // the rotated-away credential's client is asked for no more
    clock.now = clock.now.plus(Duration.ofMinutes(6));
    clients.get("cluster|password=new", () -> "unused");
    assertThat(closed).containsExactly("old");
    assertThat(clients.size()).isEqualTo(1);

    // asked for again later: a new one
    assertThat(clients.get("cluster|password=old", () -> "old again")).isEqualTo("old again");

    clients.close();
    assertThat(closed).containsExactlyInAnyOrder("old", "new", "old again");
    assertThat(clients.size()).isZero();
  }

  @Test
  void theClientAskedForIsNeverClosedByItsOwnRequest() {
    MovingClock clock = new MovingClock();
    List<String> closed = new ArrayList<>();
    IdleClients<String> clients = new IdleClients<>(clock, Duration.ofMinutes(10), closed::add);
    clients.get("a", () -> "a");
    clock.now = clock.now.plus(Duration.ofHours(1));
    assertThat(clients.get("a", () -> "new a")).isEqualTo("a");
    assertThat(closed).isEmpty();
  }
}
