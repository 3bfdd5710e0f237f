package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.IMAGE;
import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.RuntimeSpec;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's default pull secrets ({@code TRIBUTARY_RUNTIME_IMAGE_PULL_SECRETS}, chart
 * {@code runtimeImage.pullSecrets}) reach every runtime pod of a Pipeline that names none; a
 * Pipeline that names its own keeps exactly those.
 */
class DefaultImagePullSecretsTest {
  private static final List<String> DEFAULTS = OperatorSettings.fromEnvironment(
      Map.of(OperatorSettings.RUNTIME_IMAGE_PULL_SECRETS_ENV, "registry-cred, mirror-cred,registry-cred")).runtimeImagePullSecrets();

  @Test
  void aPipelineWithoutPullSecretsGetsTheOperatorsInItsWorkersAndCronJobs() {
    Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));

    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE).withDefaultImagePullSecrets(DEFAULTS);

    assertThat(DEFAULTS).containsExactly("registry-cred", "mirror-cred");
    assertThat(pullSecrets(workerPod(pipeline, wiring))).containsExactly("registry-cred", "mirror-cred");
    assertThat(pullSecrets(cronJobPod(pipeline, wiring))).containsExactly("registry-cred", "mirror-cred");
  }

  @Test
  void aPipelineThatNamesItsOwnKeepsExactlyThose() {
    Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));
    RuntimeSpec runtime = new RuntimeSpec();
    runtime.setImagePullSecrets(List.of(new LocalObjectReference("team-cred")));
    pipeline.getSpec().setRuntime(runtime);

    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE).withDefaultImagePullSecrets(DEFAULTS);

    assertThat(pullSecrets(workerPod(pipeline, wiring))).containsExactly("team-cred");
  }

  @Test
  void withoutDefaultsNothingIsAdded() {
    Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));

    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE).withDefaultImagePullSecrets(List.of());

    assertThat(pullSecrets(workerPod(pipeline, wiring))).isEmpty();
  }

  private static PodSpec workerPod(Pipeline pipeline, PipelineWiring wiring) {
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    return WorkloadModel.worker(worker, pipeline, wiring, RuntimeConfigModel.worker(worker, pipeline, wiring))
        .deployment().getSpec().getTemplate().getSpec();
  }

  private static PodSpec cronJobPod(Pipeline pipeline, PipelineWiring wiring) {
    EtlSchedule schedule = stored(Fixtures.etl("rollup-15m", "market-data"));
    return EtlModel.cronJob(schedule, pipeline, wiring, RuntimeConfigModel.etl(schedule, pipeline, wiring))
        .getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
  }

  private static List<String> pullSecrets(PodSpec pod) {
    return pod.getImagePullSecrets().stream().map(LocalObjectReference::getName).toList();
  }
}
