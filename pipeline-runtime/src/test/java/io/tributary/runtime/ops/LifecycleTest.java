package io.tributary.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  @Test
  void aStopWakesSleepersAndRunsEachListenerOnce() throws Exception {
    Lifecycle lifecycle = new Lifecycle();
    AtomicInteger calls = new AtomicInteger();
    lifecycle.onStop(calls::incrementAndGet);
    assertThat(lifecycle.sleep(Duration.ofMillis(10))).as("no stop yet").isFalse();

    CompletableFuture<Boolean> sleeper = CompletableFuture.supplyAsync(() -> lifecycle.sleep(Duration.ofMinutes(5)));
    lifecycle.requestStop("test");
    lifecycle.requestStop("again");

    assertThat(sleeper.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(lifecycle.isStopping()).isTrue();
    assertThat(calls.get()).isEqualTo(1);
    lifecycle.onStop(calls::incrementAndGet);
    assertThat(calls.get()).as("a listener added after the stop runs at once").isEqualTo(2);
  }
}
