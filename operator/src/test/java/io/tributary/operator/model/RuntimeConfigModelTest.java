package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.IMAGE;
import static io.tributary.operator.model.ModelFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.testing.Fixtures;
import io.tributary.runtime.config.ConfigValidator;
import io.tributary.runtime.config.HttpLimits;
import io.tributary.runtime.config.Role;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SourceConfig;
import org.junit.jupiter.api.Test;

/** The configurations the operator builds are ones the runtime accepts, and round-trip as JSON. */
class RuntimeConfigModelTest {
  private final Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));
  private final PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE);

  @Test
  void producerConfigIsValidAndRoundTrips() {
    Producer producer = stored(Fixtures.marketDataProducer("ticker", "market-data"));
    RuntimeConfig config = RuntimeConfigModel.producer(producer, pipeline, wiring);
    assertThat(ConfigValidator.validate(config)).isEmpty();
    assertThat(config.role()).isEqualTo(Role.PRODUCER);
    assertThat(config.producer().source().marketData().symbols()).containsExactly("AAPL", "MSFT");
    assertThat(RuntimeConfigJson.read(RuntimeConfigJson.write(config))).isEqualTo(config);
  }

  @Test
  void workerConfigIsValidAndCarriesRedisAndTheDeadLetterTopic() {
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    RuntimeConfig config = RuntimeConfigModel.worker(worker, pipeline, wiring);
    assertThat(ConfigValidator.validate(config)).isEmpty();
    assertThat(config.redis().url()).isEqualTo("redis://redis.default.svc:6379/0");
    assertThat(config.deadLetterTopic()).isEqualTo("market-data.dlq");
    assertThat(config.worker().processors()).hasSize(2);
    assertThat(RuntimeConfigJson.read(RuntimeConfigJson.write(config))).isEqualTo(config);
  }

  @Test
  void theBoundOnTemplateValuesReachesTheRuntimeConfigOnlyWhenSet() {
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    assertThat(RuntimeConfigModel.worker(worker, pipeline, wiring).redis().maxTemplateValueBytes()).isNull();
    Pipeline bounded = stored(Fixtures.strimziPipeline("market-data"));
    bounded.getSpec().getRedis().setMaxTemplateValueBytes(64);
    RuntimeConfig config = RuntimeConfigModel.worker(worker, bounded, PipelineWiring.of(bounded, IMAGE));
    assertThat(ConfigValidator.validate(config)).isEmpty();
    assertThat(config.redis().maxTemplateValueBytes()).isEqualTo(64);
    assertThat(RuntimeConfigJson.write(config)).contains("\"maxTemplateValueBytes\" : 64");
  }

  @Test
  void theKeyPrefixIsDerivedFromNamespaceAndPipelineUnlessSetAndAnEmptyOneKeepsTheOldLayout() {
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    Pipeline derived = stored(Fixtures.strimziPipeline("market-data"));
    RuntimeConfig config = RuntimeConfigModel.worker(worker, derived, PipelineWiring.of(derived, IMAGE));
    String expected = derived.getMetadata().getNamespace() + ".market-data:";
    assertThat(config.redis().keyPrefix()).isEqualTo(expected);
    assertThat(PipelineWiring.redisKeyPrefix(derived)).isEqualTo(expected);
    assertThat(PipelineWiring.redisName(derived, "tasks")).isEqualTo(expected + "tasks");
    assertThat(ConfigValidator.validate(config)).isEmpty();

    Pipeline legacy = stored(Fixtures.strimziPipeline("market-data"));
    legacy.getSpec().getRedis().setKeyPrefix("");
    RuntimeConfig old = RuntimeConfigModel.worker(worker, legacy, PipelineWiring.of(legacy, IMAGE));
    assertThat(old.redis().keyPrefix()).isEmpty();
    assertThat(old.redis().prefix().isEmpty()).isTrue();
    assertThat(PipelineWiring.redisName(legacy, "tasks")).isEqualTo("tasks");

    Pipeline chosen = stored(Fixtures.strimziPipeline("market-data"));
    chosen.getSpec().getRedis().setKeyPrefix("md/");
    assertThat(RuntimeConfigModel.worker(worker, chosen, PipelineWiring.of(chosen, IMAGE)).redis().keyPrefix())
        .isEqualTo("md/");

    Pipeline hostile = stored(Fixtures.strimziPipeline("market-data"));
    hostile.getSpec().getRedis().setKeyPrefix("*");
    assertThat(ConfigValidator.validate(RuntimeConfigModel.worker(worker, hostile, PipelineWiring.of(hostile, IMAGE))))
        .extracting(Object::toString).containsExactly("redis.keyPrefix: \"*\" has a Redis glob character at position 0");
    assertThatThrownBy(() -> PipelineWiring.redisName(hostile, "tasks"))
        .hasMessageStartingWith("spec.redis.keyPrefix of Pipeline market-data: ");
  }

  @Test
  void theCrdPatternOfTheKeyPrefixIsTheRuntimes() {
    assertThat(io.tributary.api.v1alpha1.ApiPatterns.REDIS_KEY_PREFIX)
        .isEqualTo(io.tributary.runtime.config.KeyPrefix.PATTERN);
  }

  @Test
  void aClusterPipelineMakesClusterConfigsAndItsSlotRulesApply() {
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    assertThat(RuntimeConfigModel.worker(worker, pipeline, wiring).redis().cluster()).isNull();
    Pipeline cluster = stored(Fixtures.strimziPipeline("market-data"));
    cluster.getSpec().getRedis().setUrl("redis://redis-0.redis:6379,redis-1.redis:6379");
    cluster.getSpec().getRedis().setCluster(true);
    RuntimeConfig config = RuntimeConfigModel.worker(worker, cluster, PipelineWiring.of(cluster, IMAGE));
    assertThat(config.redis().clusterMode()).isTrue();
    assertThat(RuntimeConfigJson.write(config)).contains("\"cluster\" : true");
    assertThat(RuntimeConfigJson.read(RuntimeConfigJson.write(config))).isEqualTo(config);
    // the fixture's chain shares one first field, so it validates on a cluster; a constant key beside it does not
    assertThat(ConfigValidator.validate(config)).isEmpty();
    worker.getSpec().getProcessors().get(0).getCacheLatest().setKey("market_data:all");
    assertThat(ConfigValidator.validate(RuntimeConfigModel.worker(worker, cluster, PipelineWiring.of(cluster, IMAGE))))
        .singleElement().satisfies(problem -> assertThat(problem.toString())
            .contains("on a Redis Cluster every key of one record must be in one slot"));
  }

  @Test
  void etlConfigIsValid() {
    EtlSchedule etl = stored(Fixtures.etl("rollup", "market-data"));
    RuntimeConfig config = RuntimeConfigModel.etl(etl, pipeline, wiring);
    assertThat(ConfigValidator.validate(config)).isEmpty();
    assertThat(config.etl().terminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(config.etl().transform()).hasSize(2);
  }

  @Test
  void theHttpSourceFieldsAndLimitsReachTheRuntimeConfig() {
    Producer producer = stored(io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Producer
        metadata: {name: payments-api, namespace: default}
        spec:
          pipeline: market-data
          topic: market-data-stream
          key: payment_id
          source:
            http:
              path: /payments/batch
              singlePath: /payments/single
              recordsField: payments
              correlationIdField: correlation_id
              limits: {headerTimeout: 5s, maxConnections: 100}
        """, Producer.class));
    RuntimeConfig config = RuntimeConfigModel.producer(producer, pipeline, wiring);
    assertThat(ConfigValidator.validate(config)).isEmpty();
    assertThat(config.producer().source().http()).isEqualTo(new SourceConfig.Http(8080, "/payments/batch", 500,
        1_048_576, null, new HttpLimits("5s", null, null, 100, null, null), "/payments/single", "payments",
        "correlation_id", "/health", "/stats"));
    assertThat(RuntimeConfigJson.read(RuntimeConfigJson.write(config))).isEqualTo(config);
  }

  @Test
  void aBadProcessorIsReportedWithItsSpecPath() {
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    worker.getSpec().getProcessors().get(0).getCacheLatest().setTtl("five minutes");
    var problems = ConfigValidator.validate(RuntimeConfigModel.worker(worker, pipeline, wiring));
    assertThat(problems).extracting(p -> p.rebase("worker", "spec").path())
        .contains("spec.processors[0].cacheLatest.ttl");
  }
}
