package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.IMAGE;
import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import io.tributary.operator.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The Worker's Deployment in each replay step ({@link ReplayPlan.Hold}). */
class ReplayHoldModelTest {
  private static final Pipeline PIPELINE = stored(Fixtures.strimziPipeline("market-data"));

  private static Deployment deployment(Worker worker, ReplayPlan.Hold hold) {
    PipelineWiring wiring = PipelineWiring.of(PIPELINE, IMAGE);
    return WorkloadModel.worker(worker, PIPELINE, wiring, RuntimeConfigModel.worker(worker, PIPELINE, wiring), hold)
        .deployment();
  }

  private static Worker autoscaled() {
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    worker.getSpec().setAutoscaling(new WorkerAutoscaling());
    return worker;
  }

  @Test
  void withoutAReplayTheHoldAnnotationIsWrittenEmptySoThatALiveHoldIsCleared() {
    Deployment d = deployment(stored(Fixtures.cacheWorker("cache-writer", "market-data")), ReplayPlan.Hold.NONE);
    assertThat(d.getMetadata().getAnnotations()).containsEntry(ReplayPlan.HOLD_ANNOTATION, "");
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(ReplayPlan.held(d)).isFalse();
  }

  @Test
  void heldMeansZeroReplicasAndTheIdInTheAnnotationAlsoForAnAutoscaledWorker() {
    for (Worker worker : new Worker[] {stored(Fixtures.cacheWorker("cache-writer", "market-data")), autoscaled()}) {
      Deployment d = deployment(worker, ReplayPlan.Hold.held("after-fix"));
      assertThat(d.getSpec().getReplicas()).isZero();
      assertThat(d.getMetadata().getAnnotations()).containsEntry(ReplayPlan.HOLD_ANNOTATION, "after-fix");
      assertThat(ReplayPlan.held(d)).isTrue();
    }
  }

  @Test
  void onResumeAnAutoscaledWorkerGetsTheReplicasBeforeOnceAndAFixedOneItsSpecReplicas() {
    assertThat(deployment(autoscaled(), ReplayPlan.Hold.restore(5)).getSpec().getReplicas()).isEqualTo(5);
    // after the resume step the model leaves them to the autoscaler again
    assertThat(deployment(autoscaled(), ReplayPlan.Hold.NONE).getSpec().getReplicas()).isNull();
    // spec.replicas is the truth for a Worker without autoscaling, also when it changed meanwhile
    assertThat(deployment(stored(Fixtures.cacheWorker("cache-writer", "market-data")), ReplayPlan.Hold.restore(5))
        .getSpec().getReplicas()).isEqualTo(2);
  }
}
