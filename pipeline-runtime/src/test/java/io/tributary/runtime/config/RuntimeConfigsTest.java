package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeConfigsTest {
  private static RuntimeConfig load(String example) {
    return RuntimeConfigs.load(ExampleConfigs.DIR.resolve(example)).orThrow();
  }

  @Test
  void bindsAWorkerConfiguration() {
    RuntimeConfig config = load("worker-cache-writer.json");
    assertThat(config.role()).isEqualTo(Role.WORKER);
    assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(config.kafka().securityProtocol()).isEqualTo("PLAINTEXT");
    assertThat(config.redis().url()).isEqualTo("redis://localhost:6379/0");
    assertThat(config.metricsPort()).isEqualTo(9404);
    WorkerConfig worker = config.worker();
    assertThat(worker.input().kind()).isEqualTo("topic");
    assertThat(worker.input().topic().consumerGroupOr(config.defaultConsumerGroup()))
        .isEqualTo("market-data.cache-writer");
    assertThat(worker.processors()).extracting(ProcessorConfig::kind)
        .containsExactly("cacheLatest", "publish", "store");
    assertThat(worker.processors().get(0).cacheLatest().ttlDuration()).contains(Duration.ofMinutes(5));
    assertThat(worker.errorPolicy().backoff().delayAfter(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(worker.errorPolicy().backoff().delayAfter(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(worker.errorPolicy().backoff().delayAfter(20)).isEqualTo(Duration.ofSeconds(10));
  }

  /** Issue #11 §1.6: a Worker and an EtlSchedule of the same name must not share a consumer group. */
  @Test
  void anEtlsDefaultGroupIsNotTheWorkersOfTheSameName() {
    RuntimeConfig etl = load("etl-topic-to-redis.json");
    assertThat(etl.etl().extract().topic().consumerGroupOr(etl.defaultConsumerGroup()))
        .isEqualTo("market-data.etl.rollup-15m");
    assertThat(RuntimeConfig.defaultConsumerGroup(Role.WORKER, "market-data", "rollup-15m"))
        .as("a Worker keeps the group it always had").isEqualTo("market-data.rollup-15m");
  }

  @Test
  void appliesTheDocumentedDefaults() {
    String json = "{\"pipeline\": \"calls\", \"component\": \"w\", \"role\": \"worker\","
        + " \"kafka\": {\"bootstrapServers\": \"k:9092\"}, \"redis\": {},"
        + " \"worker\": {\"input\": {\"topic\": {\"name\": \"calls\"}},"
        + "   \"processors\": [{\"enqueue\": {\"stream\": \"q\"}}, {\"store\": {\"key\": \"s\"}},"
        + "     {\"aggregate\": {\"key\": \"a\", \"count\": true}}, {\"log\": {}},"
        + "     {\"plugin\": {\"name\": \"mine\"}}]}}";
    RuntimeConfig config = RuntimeConfigs.parse(json).orThrow();
    assertThat(config.deadLetterTopic()).isEqualTo("calls.dlq");
    assertThat(config.metricsPort()).isEqualTo(9404);
    assertThat(config.worker().input().topic().consumerGroupOr(config.defaultConsumerGroup()))
        .isEqualTo("calls.w");
    assertThat(config.worker().errorPolicy())
        .isEqualTo(new ErrorPolicyConfig(3, new ErrorPolicyConfig.Backoff("200ms", 2.0, "10s"), true));
    List<ProcessorConfig> processors = config.worker().processors();
    assertThat(processors.get(0).enqueue().maxLen()).isEqualTo(100_000L);
    assertThat(processors.get(1).store().maxLen()).isEqualTo(1000L);
    assertThat(processors.get(2).aggregate().sum()).isEmpty();
    assertThat(processors.get(3).log()).isNotNull();
    assertThat(processors.get(4).plugin().config().isObject()).isTrue();
  }

  @Test
  void producerKeyAndHttpDefaults() {
    SourceConfig.Http http = SourceConfig.Http.defaults();
    assertThat(List.of(http.port(), http.path(), http.maxBatch(), http.maxBodyBytes()))
        .containsExactly(8080, "/v1/records", 500, 1_048_576);
    assertThat(new ProducerConfig("t", null, SourceConfig.of(
        new SourceConfig.MarketData(List.of("A"), null, null))).key()).isEqualTo("symbol");
    assertThat(new ProducerConfig("t", null, SourceConfig.of(
        new SourceConfig.Payments(1.0, null, null))).key()).isEqualTo("payment_id");
    assertThat(new ProducerConfig("t", null, SourceConfig.of(
        new SourceConfig.Calls(1.0, null, null))).key()).isEqualTo("call_id");
    assertThat(new ProducerConfig("t", null, SourceConfig.of(http)).key()).isNull();
    assertThat(new SourceConfig.MarketData(List.of("A"), null, null).intervalMs()).isEqualTo(1000L);
  }

  @Test
  void everyExampleSurvivesARoundTrip() throws Exception {
    List<String> examples = ConfigValidatorTest.examples()
        .map(path -> path.getFileName().toString()).collect(java.util.stream.Collectors.toList());
    assertThat(examples).hasSizeGreaterThanOrEqualTo(7);
    for (String example : examples) {
      RuntimeConfig config = load(example);
      ParsedConfig again = RuntimeConfigs.parse(RuntimeConfigs.toJson(config));
      assertThat(again.problems()).as(example).isEmpty();
      assertThat(again.config()).as(example).isEqualTo(config);
    }
  }

  @Test
  void aPlainObjectMapperWritesAndReadsTheTypesToo() throws Exception {
    // the operator may serialize with its own mapper (e.g. fabric8's)
    com.fasterxml.jackson.databind.ObjectMapper plain = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String example : List.of("producer-http.json", "worker-redis-stream.json", "etl-topic-to-redis.json")) {
      RuntimeConfig config = load(example);
      String json = plain.writeValueAsString(config);
      assertThat(RuntimeConfigs.parse(json).problems()).as(example).isEmpty();
      assertThat(plain.readValue(json, RuntimeConfig.class)).as(example).isEqualTo(config);
    }
  }

  @Test
  void validatesConfigurationsBuiltInCode() {
    KafkaConfig kafka = KafkaConfig.plaintext("kafka:9092");
    RuntimeConfig good = RuntimeConfig.worker("p", "ns", "w", kafka, new RedisConfig("redis://r:6379"),
        null, new WorkerConfig(InputConfig.of(new InputConfig.Topic("in", null)),
            List.of(ProcessorConfig.of(new ProcessorConfig.CacheLatest("k:{id}", "5m")),
                ProcessorConfig.of(new ProcessorConfig.Log()),
                ProcessorConfig.of(new FilterConfig("n", FilterOp.EXISTS, null))), null));
    assertThat(ConfigValidator.validate(good)).isEmpty();

    RuntimeConfig bad = RuntimeConfig.worker("p", "ns", "w", kafka, null, null,
        new WorkerConfig(InputConfig.of(new InputConfig.Topic("in", null)),
            List.of(ProcessorConfig.of(new ProcessorConfig.CacheLatest("k:{id", "5x"))), null));
    assertThat(ConfigValidator.validate(bad)).extracting(ConfigProblem::toString)
        .containsExactlyInAnyOrder(
            "worker.processors[0].cacheLatest.key: \"k:{id\" has an unclosed '{' at position 2",
            "worker.processors[0].cacheLatest.ttl: \"5x\" is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)",
            "redis: is required because worker.processors[0].cacheLatest uses Redis (set redis.url, or redis: {} when the URL comes from TRIBUTARY_REDIS_URL)");
  }

  @Test
  void aTypeErrorIsAProblemNotAnException() {
    ParsedConfig parsed = RuntimeConfigs.parse(
        "{\"pipeline\": 5, \"component\": \"c\", \"role\": \"etl\", \"kafka\": \"k:9092\", \"etl\": []}");
    assertThat(parsed.config()).isNull();
    assertThat(parsed.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
        "pipeline: 5 is not a text",
        "kafka: \"k:9092\" is not an object",
        "etl: a list is not an object");
    assertThatThrownBy(parsed::orThrow).isInstanceOf(InvalidConfigException.class)
        .hasMessage("invalid configuration:\n  pipeline: 5 is not a text\n"
            + "  kafka: \"k:9092\" is not an object\n  etl: a list is not an object");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThat(RuntimeConfigs.parse("{\"role\": \"etl\", \"role\": \"worker\"}").problems())
        .singleElement().asString().contains("Duplicate field 'role'");
  }

  @Test
  void kafkaPropertiesMayBeNumbersOrBooleans() {
    RuntimeConfig config = RuntimeConfigs.fromTree(ExampleConfigs.edited("producer-market-data.json",
        "kafka.properties", "{\"linger.ms\": 5, \"enable.idempotence\": true}")).orThrow();
    assertThat(config.kafka().properties())
        .isEqualTo(Map.of("linger.ms", "5", "enable.idempotence", "true"));
  }

  @Test
  void theConfigPathComesFromTheEnvironment() {
    assertThat(RuntimeConfigs.configPath(Map.of("TRIBUTARY_CONFIG", "/tmp/c.json")::get))
        .isEqualTo(Path.of("/tmp/c.json"));
    assertThat(RuntimeConfigs.configPath(name -> null))
        .isEqualTo(Path.of("/etc/tributary/config.json"));
  }

  @Test
  void problemsCanBeRebasedOntoTheCustomResource() {
    ConfigProblem problem = new ConfigProblem("worker.processors[2].cacheLatest.ttl", "bad");
    assertThat(problem.rebase("worker", "spec").path()).isEqualTo("spec.processors[2].cacheLatest.ttl");
    assertThat(new ConfigProblem("workers", "x").rebase("worker", "spec").path()).isEqualTo("workers");
  }

  @Test
  void theBoundOnTemplateValuesIsReadAndDefaultsTo256Bytes() {
    String worker = "{\"pipeline\": \"p\", \"component\": \"w\", \"role\": \"worker\","
        + " \"kafka\": {\"bootstrapServers\": \"k:9092\"}, \"redis\": {\"url\": \"redis://r:6379\"%s},"
        + " \"worker\": {\"input\": {\"topic\": {\"name\": \"in\"}},"
        + " \"processors\": [{\"cacheLatest\": {\"key\": \"k:{id}\"}}]}}";
    RuntimeConfig bounded = RuntimeConfigs.parse(String.format(worker, ", \"maxTemplateValueBytes\": 64")).orThrow();
    assertThat(bounded.redis().maxTemplateValueBytes()).isEqualTo(64);
    assertThat(bounded.redis().templateValueBound()).isEqualTo(64);
    assertThat(RuntimeConfigs.parse(RuntimeConfigs.toJson(bounded)).orThrow()).isEqualTo(bounded);
    RuntimeConfig plain = RuntimeConfigs.parse(String.format(worker, "")).orThrow();
    assertThat(plain.redis().templateValueBound()).isEqualTo(RecordTemplate.DEFAULT_MAX_VALUE_BYTES).isEqualTo(256);
    assertThat(RuntimeConfigs.toJson(plain)).doesNotContain("maxTemplateValueBytes");
  }

  @Test
  void redisUrlFromEnvironmentWinsAndTakesThePassword() {
    RedisConfig redis = new RedisConfig("redis://config:6379/0");
    assertThat(redis.effectiveUrl(name -> null)).isEqualTo("redis://config:6379/0");
    assertThat(redis.effectiveUrl(Map.of("TRIBUTARY_REDIS_URL", "redis://secret:6379/1")::get))
        .isEqualTo("redis://secret:6379/1");
    assertThat(redis.effectiveUrl(Map.of("TRIBUTARY_REDIS_PASSWORD", "p@ss word")::get))
        .isEqualTo("redis://:p%40ss%20word@config:6379/0");
    assertThatThrownBy(() -> new RedisConfig(null).effectiveUrl(name -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis.url is not set and TRIBUTARY_REDIS_URL is empty");
  }
}
