package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.SecretReferences.Reference;
import io.tributary.operator.testing.Fixtures;
import io.tributary.runtime.config.ConfigValidator;
import io.tributary.runtime.config.RedisConfig;
import io.tributary.runtime.config.RuntimeConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.redis.tls.caSecretRef}: the CA goes as a Secret volume to the pods that use Redis
 * (worker, ETL; not the producer), the runtime configuration names the mounted file, the gate
 * checks the Secret, and KEDA mode refuses it.
 */
class RedisTlsModelTest {
  static Pipeline pipeline(String caSecret) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: p, namespace: default}
        spec:
          kafka: {bootstrapServers: "kafka:9092"}
          redis: {url: "rediss://redis.default.svc:6380/0", tls: {caSecretRef: {name: %s, key: ca.pem}}}
          topics: [{name: market-data-stream}]
        """.formatted(caSecret), Pipeline.class);
  }

  @Test
  void theWorkersPodsMountTheCaAndTheirConfigNamesIt() {
    Pipeline pipeline = pipeline("redis-ca");
    Worker worker = Fixtures.cacheWorker("w", "p");
    PipelineWiring wiring = PipelineWiring.of(pipeline, ModelFixtures.IMAGE);
    RuntimeConfig config = RuntimeConfigModel.worker(worker, pipeline, wiring);

    assertThat(config.redis().url()).isEqualTo("rediss://redis.default.svc:6380/0");
    assertThat(config.redis().tls()).isEqualTo(new RedisConfig.Tls("/etc/tributary/redis-tls/ca.crt"));
    assertThat(ConfigValidator.validate(config)).isEmpty();
    PodSpec pod = WorkloadModel.worker(worker, pipeline, wiring, config).deployment().getSpec().getTemplate().getSpec();
    assertThat(redisTlsVolume(pod).getProjected().getSources()).singleElement().satisfies(source -> {
      assertThat(source.getSecret().getName()).isEqualTo("redis-ca");
      assertThat(source.getSecret().getItems()).containsExactly(new KeyToPath("ca.pem", null, "ca.crt"));
    });
    assertThat(redisTlsMount(pod)).satisfies(m -> {
      assertThat(m.getMountPath()).isEqualTo("/etc/tributary/redis-tls");
      assertThat(m.getReadOnly()).isTrue();
    });
    // no env var carries the CA: it is a file
    assertThat(pod.getContainers().get(0).getEnv()).noneMatch(e -> e.getName().contains("TLS"));
  }

  @Test
  void theEtlMountsItTooAndTheProducerDoesNot() {
    Pipeline pipeline = pipeline("redis-ca");
    PipelineWiring wiring = PipelineWiring.of(pipeline, ModelFixtures.IMAGE);
    EtlSchedule etl = Fixtures.etl("e", "p");
    RuntimeConfig etlConfig = RuntimeConfigModel.etl(etl, pipeline, wiring);
    PodSpec etlPod = EtlModel.cronJob(etl, pipeline, wiring, etlConfig).getSpec().getJobTemplate().getSpec()
        .getTemplate().getSpec();
    assertThat(redisTlsVolume(etlPod)).isNotNull();
    assertThat(redisTlsMount(etlPod).getMountPath()).isEqualTo("/etc/tributary/redis-tls");
    assertThat(etlConfig.redis().tls()).isEqualTo(new RedisConfig.Tls("/etc/tributary/redis-tls/ca.crt"));

    Producer producer = Fixtures.marketDataProducer("feed", "p");
    PodSpec producerPod = WorkloadModel.producer(producer, pipeline, wiring,
        RuntimeConfigModel.producer(producer, pipeline, wiring)).deployment().getSpec().getTemplate().getSpec();
    assertThat(producerPod.getVolumes()).extracting(Volume::getName).doesNotContain(PipelineWiring.REDIS_TLS_VOLUME);
  }

  @Test
  void anotherCaSecretRollsTheWorkersPodsAndNoCaLeavesTheHashAsItWas() {
    Worker worker = Fixtures.cacheWorker("w", "p");
    String one = hash(worker, pipeline("redis-ca"));
    String other = hash(worker, pipeline("redis-ca-2"));
    assertThat(other).isNotEqualTo(one);

    Pipeline plain = pipeline("redis-ca");
    plain.getSpec().getRedis().setTls(null);
    PipelineWiring wiring = PipelineWiring.of(plain, ModelFixtures.IMAGE);
    assertThat(wiring.redisTlsFiles()).isEmpty();
    PodSpec pod = WorkloadModel.worker(worker, plain, wiring, RuntimeConfigModel.worker(worker, plain, wiring))
        .deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain(PipelineWiring.REDIS_TLS_VOLUME);
  }

  @Test
  void theGateChecksTheCaSecret() {
    assertThat(SecretReferences.of(pipeline("redis-ca")))
        .containsExactly(new Reference("Pipeline \"p\"", "spec.redis.tls.caSecretRef", "redis-ca"));
  }

  @Test
  void kedaModeRefusesACaOfItsOwnNamingTheField() {
    Worker worker = KedaScaledObjectModelTest.worker("{redisStream: {stream: s}}");
    Pipeline pipeline = pipeline("redis-ca");
    pipeline.getMetadata().setName("market-data");
    assertThatThrownBy(() -> KedaScaledObjectModel.scaledObject(worker, pipeline, "k:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("spec.redis.tls of Pipeline market-data: KEDA mode supports rediss:// only with the"
            + " CAs KEDA trusts already");
    // rediss:// without a CA of its own is KEDA's enableTLS
    pipeline.getSpec().getRedis().setTls(null);
    assertThat(KedaScaledObjectModel.scaledObject(worker, pipeline, "k:9092").getAdditionalProperties().toString())
        .contains("enableTLS=true");
  }

  private static String hash(Worker worker, Pipeline pipeline) {
    PipelineWiring wiring = PipelineWiring.of(pipeline, ModelFixtures.IMAGE);
    return WorkloadModel.worker(worker, pipeline, wiring, RuntimeConfigModel.worker(worker, pipeline, wiring))
        .deployment().getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplates.CONFIG_HASH_ANNOTATION);
  }

  private static Volume redisTlsVolume(PodSpec pod) {
    List<Volume> volumes = pod.getVolumes().stream().filter(v -> v.getName().equals(PipelineWiring.REDIS_TLS_VOLUME))
        .toList();
    assertThat(volumes).hasSize(1);
    return volumes.get(0);
  }

  private static VolumeMount redisTlsMount(PodSpec pod) {
    List<VolumeMount> mounts = pod.getContainers().get(0).getVolumeMounts().stream()
        .filter(m -> m.getName().equals(PipelineWiring.REDIS_TLS_VOLUME)).toList();
    assertThat(mounts).hasSize(1);
    return mounts.get(0);
  }
}
