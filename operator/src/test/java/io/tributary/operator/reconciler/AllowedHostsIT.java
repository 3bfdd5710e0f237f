package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.HttpExtract;
import io.tributary.api.v1alpha1.EtlExtract;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.model.WorkloadModel;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import io.tributary.runtime.config.AllowedHosts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's allowed hosts (issue #14 §4): a Pipeline naming a Kafka or Redis host outside the
 * list is refused before the operator connects to it, its components get no pods, and an
 * EtlSchedule's extract URL is held to the same list; pods of allowed Pipelines get the list.
 */
class AllowedHostsIT {
  private static final String LIST = "*.kafka,redis.default.svc,reference.default.svc";
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(false);
    client = cluster.client();
    cluster.startOperator(OperatorSettings.defaults().withAllowedHosts(AllowedHosts.parse("test", LIST)));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aPipelineWhoseKafkaIsOutsideTheListIsRefusedAndTheOperatorNeverConnectsToIt() {
    Pipeline pipeline = Fixtures.plainPipeline("outside", "Retain");
    pipeline.getSpec().getKafka().setBootstrapServers("kafka-0.kafka:9092,169.254.169.254:9092");
    client.resource(pipeline).create();
    client.resource(Fixtures.cacheWorker("outside-cache", "outside")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertRefused(ready(client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("outside").get().getStatus()
          .getConditions()), "spec.kafka.bootstrapServers: host \"169.254.169.254\"");
      assertRefused(ready(worker("outside-cache").getStatus().getConditions()),
          "spec.kafka.bootstrapServers: host \"169.254.169.254\"");
    });
    assertThat(cluster.topicAdmin().topics("kafka-0.kafka:9092,169.254.169.254:9092"))
        .as("no topic made, no admin client for that address").isEmpty();
    assertThat(cluster.topicAdmin().clientProperties("kafka-0.kafka:9092,169.254.169.254:9092")).isEmpty();
    assertThat(client.apps().deployments().inNamespace(NAMESPACE)
        .withName(WorkloadModel.workloadName("outside-cache", WorkloadModel.WORKER)).get()).isNull();
  }

  @Test
  void aRedisOutsideTheListIsRefusedByField() {
    Pipeline pipeline = Fixtures.plainPipeline("other-redis", "Retain");
    pipeline.getSpec().getRedis().setUrl("redis://:pw@redis.attacker.example:6379/0");
    client.resource(pipeline).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertRefused(ready(client.resources(Pipeline.class)
        .inNamespace(NAMESPACE).withName("other-redis").get().getStatus().getConditions()),
        "spec.redis.url: host \"redis.attacker.example\""));
  }

  @Test
  void everySentinelOfASentinelUrlMustBeAllowed() {
    Pipeline pipeline = Fixtures.plainPipeline("sentinel-redis", "Retain");
    pipeline.getSpec().getRedis().setUrl("redis-sentinel://:pw@redis.default.svc:26379,sentinel.attacker.example:26379/0#m");
    client.resource(pipeline).create();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertRefused(ready(client.resources(Pipeline.class)
        .inNamespace(NAMESPACE).withName("sentinel-redis").get().getStatus().getConditions()),
        "spec.redis.url: host \"sentinel.attacker.example\""));
  }

  @Test
  void anAllowedPipelinesPodsCarryTheListAndAnExtractUrlOutsideItStopsItsSchedule() {
    Pipeline inside = Fixtures.plainPipeline("inside", "Retain");
    var topic = new io.tributary.api.v1alpha1.TopicSpec();
    topic.setName("market-data-stream");
    inside.getSpec().getTopics().add(topic);
    client.resource(inside).create();
    client.resource(Fixtures.cacheWorker("inside-cache", "inside")).create();
    EtlSchedule schedule = Fixtures.etl("metadata-grab", "inside");
    EtlExtract extract = new EtlExtract();
    HttpExtract http = new HttpExtract();
    http.setUrl("http://169.254.169.254/latest/meta-data/iam/");
    extract.setHttp(http);
    schedule.getSpec().setExtract(extract);
    schedule.getSpec().setQuality(null);
    client.resource(schedule).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var deployment = client.apps().deployments().inNamespace(NAMESPACE)
          .withName(WorkloadModel.workloadName("inside-cache", WorkloadModel.WORKER)).get();
      assertThat(deployment).isNotNull();
      List<EnvVar> env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
      assertThat(env).anySatisfy(e -> {
        assertThat(e.getName()).isEqualTo(AllowedHosts.ENV);
        assertThat(e.getValue()).isEqualTo(LIST);
      });
      assertRefused(ready(client.resources(EtlSchedule.class).inNamespace(NAMESPACE).withName("metadata-grab").get()
          .getStatus().getConditions()), "spec.extract.http.url: host \"169.254.169.254\"");
    });
    assertThat(client.batch().v1().cronjobs().inNamespace(NAMESPACE).list().getItems())
        .extracting(HasMetadata::getMetadata).noneMatch(m -> m.getName().startsWith("metadata-grab"));
  }

  private static Worker worker(String name) {
    return client.resources(Worker.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static Condition ready(List<Condition> conditions) {
    assertThat(conditions).isNotNull();
    return conditions.stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
  }

  private static void assertRefused(Condition ready, String messageStart) {
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("HostNotAllowed");
    assertThat(ready.getMessage()).startsWith(messageStart).contains("TRIBUTARY_ALLOWED_HOSTS=" + LIST)
        .doesNotContain("pw");
  }
}
