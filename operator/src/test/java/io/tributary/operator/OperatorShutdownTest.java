package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.operator.ops.HealthState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A lost Lease fences and fails liveness at once and stops once; a deliberate stop is no loss. */
class OperatorShutdownTest {

  @Test
  void aLostLeaseFencesFailsLivenessAndStopsTheExtensionsOnAThreadOfItsOwn() {
    HealthState health = new HealthState();
    WriteFence fence = new WriteFence();
    RecordingExtension extension = new RecordingExtension();
    OperatorShutdown shutdown = new OperatorShutdown(health, fence);
    shutdown.stopping(null, List.of(extension));

    shutdown.leaseLost();

    // at once, on the caller's (the elector's) thread
    assertThat(fence.closed()).isTrue();
    assertThat(health.live()).isFalse();
    assertThat(health.fatalProblem()).contains("lost the leader lease");
    // the stop itself runs elsewhere: the elector's thread must not wait for JOSDK's executor
    await().atMost(Duration.ofSeconds(5)).until(() -> !extension.closedOn.isEmpty());
    assertThat(extension.closedOn).containsExactly("tributary-lease-lost");

    shutdown.leaseLost(); // reported again: nothing more
    shutdown.close(); // SIGTERM later: waits for that stop, starts no other
    assertThat(extension.closedOn).hasSize(1);
  }

  @Test
  void aDeliberateStopClosesOnTheCallersThreadAndTheElectionsReportIsNoLoss() {
    HealthState health = new HealthState();
    WriteFence fence = new WriteFence();
    RecordingExtension extension = new RecordingExtension();
    OperatorShutdown shutdown = new OperatorShutdown(health, fence);
    // JOSDK cancels the election while it stops, and the elector reports "stopped leading"
    extension.onClose = shutdown::leaseLost;
    shutdown.stopping(null, List.of(extension));

    shutdown.close();

    assertThat(extension.closedOn).containsExactly(Thread.currentThread().getName());
    assertThat(health.live()).isTrue();
    assertThat(fence.closed()).isFalse();
  }

  @Test
  void withoutLeaderElectionThereIsNoFence() {
    HealthState health = new HealthState();
    OperatorShutdown shutdown = new OperatorShutdown(health, null);
    shutdown.stopping(null, List.of());
    shutdown.leaseLost();
    assertThat(health.live()).isFalse();
    shutdown.close();
  }

  /** Records the thread it was closed on. */
  private static final class RecordingExtension implements OperatorExtension {
    final List<String> closedOn = new CopyOnWriteArrayList<>();
    Runnable onClose = () -> {};

    @Override
    public void register(io.javaoperatorsdk.operator.Operator operator, io.tributary.operator.reconciler.OperatorServices services) {}

    @Override
    public void close() {
      closedOn.add(Thread.currentThread().getName());
      onClose.run();
    }
  }
}
