package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.v1alpha1.EtlWaitFor;
import io.tributary.api.v1alpha1.RedisStreamInput;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The refusals of {@code spec.waitFor.worker} (issue #15 §3), each naming the field and the Worker. */
class ComponentChecksWaitForTest {
  private static EtlWaitFor gateOn(String worker) {
    EtlWaitFor waitFor = new EtlWaitFor();
    waitFor.setWorker(worker);
    return waitFor;
  }

  @Test
  void noGateNoVerdict() {
    assertThat(ComponentChecks.waitForWorker(null, null, "default", "market-data")).isEmpty();
  }

  @Test
  void aKafkaWorkerOfTheSamePipelineIsAccepted() {
    Worker worker = Fixtures.cacheWorker("cache", "market-data");
    assertThat(ComponentChecks.waitForWorker(gateOn("cache"), worker, "default", "market-data")).isEmpty();
  }

  @Test
  void aWorkerOfAnotherPipelineIsRefusedWithBothPipelinesNamed() {
    Worker worker = Fixtures.cacheWorker("cache", "payments");
    assertThat(ComponentChecks.waitForWorker(gateOn("cache"), worker, "default", "market-data"))
        .hasValueSatisfying(verdict -> {
          assertThat(verdict.reason()).isEqualTo(Verdict.WAIT_FOR_WORKER_INVALID);
          assertThat(verdict.message()).isEqualTo(
              "spec.waitFor.worker: Worker \"cache\" belongs to Pipeline \"payments\", not to \"market-data\"");
        });
  }

  @Test
  void aRedisStreamWorkerIsRefusedForItHasNoConsumerGroupLag() {
    Worker worker = Fixtures.cacheWorker("executor", "market-data");
    worker.getSpec().getInput().setTopic(null);
    worker.getSpec().getInput().setRedisStream(new RedisStreamInput());
    assertThat(ComponentChecks.waitForWorker(gateOn("executor"), worker, "default", "market-data"))
        .hasValueSatisfying(verdict -> {
          assertThat(verdict.reason()).isEqualTo(Verdict.WAIT_FOR_WORKER_INVALID);
          assertThat(verdict.message()).startsWith("spec.waitFor.worker: Worker \"executor\" reads no Kafka topic");
        });
  }

  @Test
  void aMissingWorkerIsRefusedWithItsNamespace() {
    assertThat(ComponentChecks.waitForWorker(gateOn("ghost"), null, "apps", "market-data"))
        .hasValueSatisfying(verdict -> assertThat(verdict.message())
            .isEqualTo("spec.waitFor.worker: Worker \"ghost\" not found in namespace \"apps\""));
  }
}
