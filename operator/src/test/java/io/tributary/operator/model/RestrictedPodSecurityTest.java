package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.IMAGE;
import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod the operator generates meets the Kubernetes "restricted" Pod Security Standard, and
 * secrets reach pods only through secretKeyRef env vars or Secret volumes.
 */
class RestrictedPodSecurityTest {

  static Stream<PodSpec> podSpecs() {
    Pipeline secured = stored(Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: secure, namespace: default}
        spec:
          kafka:
            strimzi: {cluster: my-cluster, listener: tls}
            authentication: {type: scram-sha-512, secretRef: {name: app-user}}
            tls: {caSecretRef: {name: my-cluster-cluster-ca-cert, key: ca.crt}}
          redis:
            urlSecretRef: {name: redis, key: url}
            passwordSecretRef: {name: redis, key: password}
          topics: [{name: market-data-stream}, {name: payments}]
        """, Pipeline.class));
    // with Strimzi the pods use their component's KafkaUser (KafkaUsers), never the Pipeline's secretRef
    PipelineWiring wiring = PipelineWiring.of(secured, IMAGE, PipelineWiring.bootstrapServers(secured),
        new PipelineWiring.KafkaUserCredentials("app-user", "app-user-kafka-user", "hash"));
    Producer producer = stored(Fixtures.httpProducer("api", "secure"));
    Worker worker = stored(Fixtures.cacheWorker("w", "secure"));
    EtlSchedule etl = stored(Fixtures.etl("e", "secure"));
    var cron = EtlModel.cronJob(etl, secured, wiring, RuntimeConfigModel.etl(etl, secured, wiring));
    return Stream.of(
        WorkloadModel.producer(producer, secured, wiring, RuntimeConfigModel.producer(producer, secured, wiring))
            .deployment().getSpec().getTemplate().getSpec(),
        WorkloadModel.worker(worker, secured, wiring, RuntimeConfigModel.worker(worker, secured, wiring))
            .deployment().getSpec().getTemplate().getSpec(),
        cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec(),
        EtlModel.runNowJob(etl, cron, "now").getSpec().getTemplate().getSpec());
  }

  @ParameterizedTest
  @MethodSource("podSpecs")
  void meetsTheRestrictedProfile(PodSpec pod) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getVolumes()).allSatisfy(RestrictedPodSecurityTest::allowedVolumeType);
    for (Container c : pod.getContainers()) {
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
      assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(c.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).isNull());
      assertThat(c.getVolumeMounts()).anySatisfy(m -> {
        assertThat(m.getMountPath()).isEqualTo("/tmp");
        assertThat(pod.getVolumes()).anySatisfy(v -> {
          assertThat(v.getName()).isEqualTo(m.getName());
          assertThat(v.getEmptyDir()).isNotNull();
        });
      });
    }
  }

  @ParameterizedTest
  @MethodSource("podSpecs")
  void secretsComeOnlyFromSecretKeyRefsOrSecretVolumes(PodSpec pod) {
    Container c = pod.getContainers().get(0);
    Map<String, EnvVar> env = c.getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env).containsKey("TRIBUTARY_KAFKA_PASSWORD");
    if (!c.getArgs().contains("producer")) {
      assertThat(env).containsKeys("TRIBUTARY_REDIS_URL", "TRIBUTARY_REDIS_PASSWORD");
    } else {
      assertThat(env).as("a producer does not use Redis").doesNotContainKeys("TRIBUTARY_REDIS_URL", "TRIBUTARY_REDIS_PASSWORD");
    }
    for (String secretVar : List.of("TRIBUTARY_REDIS_URL", "TRIBUTARY_REDIS_PASSWORD", "TRIBUTARY_KAFKA_PASSWORD", "TRIBUTARY_HTTP_TOKEN")) {
      if (!env.containsKey(secretVar)) {
        continue;
      }
      assertThat(env.get(secretVar).getValue()).as(secretVar).isNull();
      assertThat(env.get(secretVar).getValueFrom().getSecretKeyRef()).as(secretVar).isNotNull();
    }
    assertThat(env.get("TRIBUTARY_KAFKA_USERNAME").getValue()).isEqualTo("app-user");
    Volume tls = pod.getVolumes().stream().filter(v -> v.getName().equals("kafka-tls")).findFirst().orElseThrow();
    assertThat(tls.getProjected().getSources()).allSatisfy(s -> assertThat(s.getSecret()).isNotNull());
    assertThat(c.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getName()).isEqualTo("kafka-tls");
      assertThat(m.getMountPath()).isEqualTo("/etc/tributary/kafka-tls");
    });
  }

  private static void allowedVolumeType(Volume v) {
    boolean allowed = v.getConfigMap() != null || v.getSecret() != null || v.getEmptyDir() != null
        || v.getProjected() != null || v.getDownwardAPI() != null || v.getPersistentVolumeClaim() != null;
    assertThat(allowed).as("volume %s has a type the restricted profile allows", v.getName()).isTrue();
    assertThat(v.getHostPath()).isNull();
  }
}
