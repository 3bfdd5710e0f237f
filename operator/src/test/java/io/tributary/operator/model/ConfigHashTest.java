package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.IMAGE;
import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.RuntimeSpec;
import io.tributary.api.v1alpha1.TopicSpec;
import io.tributary.api.v1alpha1.TopicDeletionPolicy;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.testing.Fixtures;
import java.util.ArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The pod template's config hash moves exactly when something the component uses changes. */
class ConfigHashTest {

  private static String workerHash(Pipeline pipeline) {
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE);
    return hash(WorkloadModel.worker(worker, pipeline, wiring, RuntimeConfigModel.worker(worker, pipeline, wiring)).deployment());
  }

  private static String producerHash(Pipeline pipeline) {
    Producer producer = stored(Fixtures.marketDataProducer("ticker", "market-data"));
    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE);
    return hash(WorkloadModel.producer(producer, pipeline, wiring, RuntimeConfigModel.producer(producer, pipeline, wiring)).deployment());
  }

  private static String workerHash(Pipeline pipeline, PipelineWiring.TrustedCas cas) {
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE).withTrustedCas(cas);
    return hash(WorkloadModel.worker(worker, pipeline, wiring, RuntimeConfigModel.worker(worker, pipeline, wiring)).deployment());
  }

  private static String producerHash(Pipeline pipeline, PipelineWiring.TrustedCas cas) {
    Producer producer = stored(Fixtures.marketDataProducer("ticker", "market-data"));
    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE).withTrustedCas(cas);
    return hash(WorkloadModel.producer(producer, pipeline, wiring, RuntimeConfigModel.producer(producer, pipeline, wiring)).deployment());
  }

  @Test
  void aRenewedCaRollsThePodsThatTrustItAndNoCaLeavesTheHashAsItWas() {
    assertThat(workerHash(BASE, PipelineWiring.TrustedCas.NONE)).as("no CA read: the hash of before")
        .isEqualTo(workerHash(BASE));
    var kafkaCa = new PipelineWiring.TrustedCas("k1", null);
    var kafkaRenewed = new PipelineWiring.TrustedCas("k2", null);
    assertThat(workerHash(BASE, kafkaRenewed)).isNotEqualTo(workerHash(BASE, kafkaCa));
    assertThat(producerHash(BASE, kafkaRenewed)).isNotEqualTo(producerHash(BASE, kafkaCa));
    var redisCa = new PipelineWiring.TrustedCas(null, "r1");
    var redisRenewed = new PipelineWiring.TrustedCas(null, "r2");
    assertThat(workerHash(BASE, redisRenewed)).isNotEqualTo(workerHash(BASE, redisCa));
    assertThat(producerHash(BASE, redisRenewed)).as("a producer uses no Redis: its pods stay")
        .isEqualTo(producerHash(BASE, redisCa)).isEqualTo(producerHash(BASE));
    assertThat(workerHash(BASE, kafkaCa)).isEqualTo(workerHash(BASE, new PipelineWiring.TrustedCas("k1", null)));
  }

  private static String hash(Deployment d) {
    return d.getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplates.CONFIG_HASH_ANNOTATION);
  }

  private static Pipeline changed(Consumer<Pipeline> change) {
    Pipeline p = stored(Fixtures.strimziPipeline("market-data"));
    change.accept(p);
    return p;
  }

  private static final Pipeline BASE = stored(Fixtures.strimziPipeline("market-data"));

  @Test
  void isStableForTheSameInput() {
    assertThat(workerHash(BASE)).isEqualTo(workerHash(stored(Fixtures.strimziPipeline("market-data"))));
  }

  @Test
  void changesWhenTheRedisUrlChangesForAWorker() {
    Pipeline p = changed(x -> x.getSpec().getRedis().setUrl("redis://other:6379/0"));
    assertThat(workerHash(p)).isNotEqualTo(workerHash(BASE));
  }

  @Test
  void aProducerDoesNotUseRedisSoItsPodsStay() {
    Pipeline p = changed(x -> x.getSpec().getRedis().setUrl("redis://other:6379/0"));
    assertThat(producerHash(p)).isEqualTo(producerHash(BASE));
  }

  @Test
  void changesWhenTheKafkaWiringChanges() {
    Pipeline p = changed(x -> x.getSpec().getKafka().getStrimzi().setCluster("other-cluster"));
    assertThat(workerHash(p)).isNotEqualTo(workerHash(BASE));
    assertThat(producerHash(p)).isNotEqualTo(producerHash(BASE));
  }

  @Test
  void changesWhenTheRuntimeImageChanges() {
    Pipeline p = changed(x -> {
      RuntimeSpec runtime = new RuntimeSpec();
      runtime.setImage("registry.example/runtime:9.9");
      x.getSpec().setRuntime(runtime);
    });
    assertThat(workerHash(p)).isNotEqualTo(workerHash(BASE));
    assertThat(producerHash(p)).isNotEqualTo(producerHash(BASE));
  }

  @Test
  void changesWhenTheDeadLetterTopicChangesForAWorker() {
    Pipeline p = changed(x -> x.getSpec().setDeadLetter(Serialization.unmarshal("{\"topic\":\"dead\"}",
        io.tributary.api.v1alpha1.DeadLetterSpec.class)));
    assertThat(workerHash(p)).isNotEqualTo(workerHash(BASE));
  }

  @Test
  void staysWhenOnlyTopicsMonitoringOrDeletionPolicyChange() {
    Pipeline p = changed(x -> {
      x.getSpec().getTopics().get(0).setPartitions(12);
      x.getSpec().getTopics().get(0).setRetention("1d");
      var topics = new ArrayList<>(x.getSpec().getTopics());
      TopicSpec extra = new TopicSpec();
      extra.setName("another-topic");
      topics.add(extra);
      x.getSpec().setTopics(topics);
      x.getSpec().getMonitoring().getPodMonitor().setEnabled(false);
      x.getSpec().setTopicDeletionPolicy(TopicDeletionPolicy.DELETE);
    });
    assertThat(workerHash(p)).isEqualTo(workerHash(BASE));
    assertThat(producerHash(p)).isEqualTo(producerHash(BASE));
  }
}
