package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.tributary.api.v1alpha1.HttpSourceTls;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.SecretReference;
import io.tributary.operator.model.SecretReferences.Reference;
import io.tributary.operator.testing.Fixtures;
import io.tributary.runtime.config.ConfigValidator;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SourceConfig;
import org.junit.jupiter.api.Test;

/**
 * A Producer's {@code spec.source.http.tls.secretRef}: the {@code kubernetes.io/tls} Secret is
 * mounted read-only, the runtime configuration names its files, the gate checks it, the Service
 * port and the probes stay as they are.
 */
class IngestTlsModelTest {
  static Producer producer(String secret) {
    Producer producer = Fixtures.httpProducer("api", "p");
    if (secret != null) {
      SecretReference ref = new SecretReference();
      ref.setName(secret);
      HttpSourceTls tls = new HttpSourceTls();
      tls.setSecretRef(ref);
      producer.getSpec().getSource().getHttp().setTls(tls);
    }
    return producer;
  }

  private static WorkloadModel.Workload workload(Producer producer, Pipeline pipeline) {
    PipelineWiring wiring = PipelineWiring.of(pipeline, ModelFixtures.IMAGE);
    return WorkloadModel.producer(producer, pipeline, wiring, RuntimeConfigModel.producer(producer, pipeline, wiring));
  }

  @Test
  void theSecretIsMountedAndTheConfigNamesItsFiles() {
    Pipeline pipeline = Fixtures.plainPipeline("p", "Retain");
    Producer producer = producer("ingest-cert");
    PipelineWiring wiring = PipelineWiring.of(pipeline, ModelFixtures.IMAGE);
    RuntimeConfig config = RuntimeConfigModel.producer(producer, pipeline, wiring);
    assertThat(config.producer().source().http().tls()).isEqualTo(new SourceConfig.Http.Tls(
        "/etc/tributary/http-tls/tls.crt", "/etc/tributary/http-tls/tls.key"));
    assertThat(ConfigValidator.validate(config)).isEmpty();

    WorkloadModel.Workload workload = WorkloadModel.producer(producer, pipeline, wiring, config);
    PodSpec pod = workload.deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(WorkloadModel.INGEST_TLS_VOLUME)).singleElement()
        .satisfies(v -> {
          assertThat(v.getSecret().getSecretName()).isEqualTo("ingest-cert");
          assertThat(v.getSecret().getItems()).containsExactly(
              new KeyToPath("tls.crt", null, "tls.crt"), new KeyToPath("tls.key", null, "tls.key"));
        });
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getName().equals(WorkloadModel.INGEST_TLS_VOLUME)).singleElement()
        .satisfies(m -> {
          assertThat(m.getMountPath()).isEqualTo("/etc/tributary/http-tls");
          assertThat(m.getReadOnly()).isTrue();
        });
    // the Service port keeps its name (the NetworkPolicy's ingress rule names it); probes stay on the ops port
    assertThat(workload.service().getSpec().getPorts()).anyMatch(p -> p.getName().equals("http") && p.getPort() == 8080);
    assertThat(pod.getContainers().get(0).getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(pod.getContainers().get(0).getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
  }

  @Test
  void withoutTlsNothingChangesAndAnotherSecretRollsThePods() {
    Pipeline pipeline = Fixtures.plainPipeline("p", "Retain");
    WorkloadModel.Workload plain = workload(producer(null), pipeline);
    assertThat(plain.deployment().getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getName)
        .doesNotContain(WorkloadModel.INGEST_TLS_VOLUME);
    assertThat(plain.config().getData().get("config.json")).doesNotContain("tls");

    String one = hash(workload(producer("ingest-cert"), pipeline));
    String other = hash(workload(producer("ingest-cert-2"), pipeline));
    assertThat(one).isNotEqualTo(hash(plain)).isNotEqualTo(other);
  }

  @Test
  void theGateChecksTheSecret() {
    Pipeline pipeline = Fixtures.plainPipeline("p", "Retain");
    assertThat(SecretReferences.of(producer("ingest-cert"), pipeline)).last()
        .isEqualTo(new Reference("Producer \"api\"", "spec.source.http.tls.secretRef", "ingest-cert"));
  }

  private static String hash(WorkloadModel.Workload workload) {
    return workload.deployment().getSpec().getTemplate().getMetadata().getAnnotations()
        .get(PodTemplates.CONFIG_HASH_ANNOTATION);
  }
}
