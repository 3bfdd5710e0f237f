package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {
  private static final String PRODUCER = "producer-market-data.json";
  private static final String HTTP = "producer-http.json";
  private static final String PAYMENTS = "producer-payments.json";
  private static final String CALLS = "producer-calls.json";
  private static final String WORKER = "worker-cache-writer.json";
  private static final String STREAM_WORKER = "worker-redis-stream.json";
  private static final String ETL = "etl-topic-to-redis.json";

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(ExampleConfigs.DIR)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted()
          .collect(Collectors.toList()).stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsValid(Path example) {
    assertThat(ConfigValidator.validate(ExampleConfigs.tree(example.getFileName().toString())))
        .isEmpty();
  }

  /** file, path edited, new JSON value (null = removed), the problem lines expected. */
  static Stream<Arguments> singleMistakes() {
    return Stream.of(
        // durations
        mistake(WORKER, "worker.processors[0].cacheLatest.ttl", "\"5x\"",
            "worker.processors[0].cacheLatest.ttl: \"5x\" is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)"),
        mistake(WORKER, "worker.processors[0].cacheLatest.ttl", "300",
            "worker.processors[0].cacheLatest.ttl: 300 is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)"),
        mistake(WORKER, "worker.processors[0].cacheLatest.ttl", "\"0s\"",
            "worker.processors[0].cacheLatest.ttl: \"0s\" must be longer than zero"),
        mistake(WORKER, "worker.errorPolicy.backoff.max", "\"10\"",
            "worker.errorPolicy.backoff.max: \"10\" is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)"),
        mistake(WORKER, "worker.errorPolicy.backoff.initial", "\"1m\"",
            "worker.errorPolicy.backoff.initial: \"1m\" is longer than max \"10s\""),
        mistake(ETL, "etl.retries.delay", "\"soon\"",
            "etl.retries.delay: \"soon\" is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)"),
        // templates
        mistake(WORKER, "worker.processors[1].publish.channel", "\"tasks:{symbol\"",
            "worker.processors[1].publish.channel: \"tasks:{symbol\" has an unclosed '{' at position 6"),
        mistake(WORKER, "worker.processors[2].store.key", "\"h:symbol}\"",
            "worker.processors[2].store.key: \"h:symbol}\" has an unmatched '}' at position 8"),
        mistake(ETL, "etl.load.redisHash.key", "\"m:{}\"",
            "etl.load.redisHash.key: \"m:{}\" has an empty placeholder {} at position 2"),
        // unions
        mistake(WORKER, "worker.processors[1]", "{}",
            "worker.processors[1]: needs exactly one of cacheLatest, publish, enqueue, aggregate, filter, forward, dedupe, store, log, plugin (none is set)"),
        mistake(WORKER, "worker.processors[1]", "{\"publish\":{\"channel\":\"c\"},\"log\":{}}",
            "worker.processors[1]: needs exactly one of cacheLatest, publish, enqueue, aggregate, filter, forward, dedupe, store, log, plugin (publish and log are set)"),
        mistake(WORKER, "worker.processors[1]", "{\"cacheLatst\":{\"key\":\"k\"}}",
            "worker.processors[1].cacheLatst: unknown processor (use one of cacheLatest, publish, enqueue, aggregate, filter, forward, dedupe, store, log, plugin)"),
        mistake(CALLS, "producer.key", "\"payment_id\"",
            "producer.key: \"payment_id\" is not a field of calls records (call_id, caller, callee, duration, start_ts, ts)"),
        mistake(PRODUCER, "producer.source.payments", "{\"ratePerSecond\": 5}",
            "producer.source: needs exactly one of marketData, payments, calls, http (marketData and payments are set)"),
        mistake(WORKER, "worker.input", "{}",
            "worker.input: needs exactly one of topic, redisStream (none is set)"),
        mistake(ETL, "etl.load", "{\"redisHash\":{\"key\":\"k\"},\"topic\":{\"name\":\"t\"}}",
            "etl.load: needs exactly one of redisHash, topic (redisHash and topic are set)"),
        mistake(ETL, "etl.extract", "{\"csv\":{\"url\":\"https://x/a.csv\",\"path\":\"/a.csv\"}}",
            "etl.extract.csv: needs exactly one of configMap, url, path (url and path are set)"),
        mistake(ETL, "etl.transform[1]", "{\"project\":{\"fields\":[\"a\"]}}",
            "etl.transform[1].project: unknown transform (use one of filter, select, dedupe, aggregate)"),
        // required fields
        mistake(PRODUCER, "pipeline", null, "pipeline: is required"),
        mistake(PRODUCER, "kafka.bootstrapServers", null, "kafka.bootstrapServers: is required"),
        mistake(PRODUCER, "producer.topic", null, "producer.topic: is required"),
        mistake(PRODUCER, "producer.key", "\"ticker\"",
            "producer.key: \"ticker\" is not a field of marketData records (symbol, price, volume, ts)"),
        mistake(PRODUCER, "producer.source.marketData.symbols", "[]",
            "producer.source.marketData.symbols: must not be empty"),
        mistake(WORKER, "worker.processors", "[]", "worker.processors: must not be empty"),
        mistake(WORKER, "worker.processors[0].cacheLatest.key", null,
            "worker.processors[0].cacheLatest.key: is required"),
        mistake(STREAM_WORKER, "worker.input.redisStream.group", null,
            "worker.input.redisStream.group: is required"),
        mistake(ETL, "etl.extract", null, "etl.extract: is required"),
        // waitFor: exactly one gate
        mistake(ETL, "etl.waitFor", "{\"timeout\": \"1m\"}",
            "etl.waitFor: needs exactly one of worker, watermark (none is set)"),
        mistake(ETL, "etl.waitFor",
            "{\"worker\": \"w\", \"group\": \"g\", \"topic\": \"t\", \"watermark\": {\"topic\": \"t\"}}",
            "etl.waitFor: needs exactly one of worker, watermark (worker and watermark are set)"),
        mistake(ETL, "etl.waitFor", "{\"watermark\": {\"topic\": \"a/b\"}}",
            "etl.waitFor.watermark.topic: \"a/b\" is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)"),
        mistake(ETL, "etl.waitFor", "{\"watermark\": {}}", "etl.waitFor.watermark.topic: is required"),
        mistake(ETL, "etl.waitFor", "{\"watermark\": {\"topic\": \"t\"}, \"group\": \"g\"}",
            "etl.waitFor.group: unknown field (known fields: timeout, maxLag, worker, watermark)"),
        mistake(STREAM_WORKER, "worker.processors[0].filter.value", null,
            "worker.processors[0].filter.value: is required with op gt"),
        mistake(PRODUCER, "producer.topic", "\"market data\"",
            "producer.topic: \"market data\" is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)"),
        mistake(ETL, "etl.load", "{\"topic\": {\"name\": \"a/b\"}}",
            "etl.load.topic.name: \"a/b\" is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)"),
        mistake(WORKER, "deadLetterTopic", "\"..\"",
            "deadLetterTopic: \"..\" is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)"),
        // role and section
        mistake(PRODUCER, "role", "\"consumer\"",
            "role: \"consumer\" is not one of producer, worker, etl"),
        mistake(PRODUCER, "role", "\"worker\"", "worker: is required when role is worker",
            "producer: must not be set when role is worker"),
        mistake(WORKER, "redis", null,
            "redis: is required because worker.processors[0].cacheLatest uses Redis (set redis.url, or redis: {} when the URL comes from TRIBUTARY_REDIS_URL)"),
        mistake(ETL, "redis", null,
            "redis: is required because etl.load.redisHash uses Redis (set redis.url, or redis: {} when the URL comes from TRIBUTARY_REDIS_URL)"),
        // numbers
        mistake(PRODUCER, "producer.source.marketData.intervalMs", "-5",
            "producer.source.marketData.intervalMs: -5 must be at least 1"),
        mistake(PRODUCER, "producer.source.marketData.intervalMs", "\"1000\"",
            "producer.source.marketData.intervalMs: \"1000\" is not an integer"),
        mistake(PRODUCER, "producer.source.marketData.intervalMs", "1.5",
            "producer.source.marketData.intervalMs: 1.5 is not an integer"),
        mistake(HTTP, "producer.source.http.port", "70000",
            "producer.source.http.port: 70000 must be between 1 and 65535"),
        mistake(HTTP, "producer.source.http.port", "9404",
            "producer.source.http.port: 9404 is the metrics port; choose another"),
        mistake(HTTP, "producer.source.http.maxBatch", "0",
            "producer.source.http.maxBatch: 0 must be at least 1"),
        // limit + 1 overflowed an int: every request failed with 500
        mistake(HTTP, "producer.source.http.maxBodyBytes", "2147483647",
            "producer.source.http.maxBodyBytes: 2147483647 must be between 1 and 67108864"),
        mistake(HTTP, "producer.source.http.limits", "{\"headerTimeout\":\"0s\",\"bodyTimeout\":\"soon\"}",
            "producer.source.http.limits.headerTimeout: \"0s\" must be longer than zero",
            "producer.source.http.limits.bodyTimeout: \"soon\" is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)"),
        mistake(HTTP, "producer.source.http.limits", "{\"maxConnections\":0,\"maxPendingRequests\":5000,\"maxHeaderBytes\":100}",
            "producer.source.http.limits.maxConnections: 0 must be between 1 and 65536",
            "producer.source.http.limits.maxPendingRequests: 5000 must be between 1 and 4096",
            "producer.source.http.limits.maxHeaderBytes: 100 must be between 1024 and 1048576"),
        // 999999999999d overflowed as milliseconds when a connection armed its deadline
        mistake(HTTP, "producer.source.http.limits", "{\"idleTimeout\":\"999999999999d\"}",
            "producer.source.http.limits.idleTimeout: \"999999999999d\" is too long: at most 999999 of its unit (e.g. 999999s)"),
        mistake(HTTP, "producer.source.http.limits", "{\"readTimeout\":\"5s\"}",
            "producer.source.http.limits.readTimeout: unknown field (known fields: headerTimeout, bodyTimeout, idleTimeout, maxConnections, maxPendingRequests, maxHeaderBytes)"),
        mistake(HTTP, "producer.source.http.path", "\"v1/records\"",
            "producer.source.http.path: \"v1/records\" does not start with /"),
        mistake(HTTP, "producer.source.http.singlePath", "\"/v1/records\"",
            "producer.source.http.singlePath: \"/v1/records\" is also path; each path answers one thing"),
        mistake(HTTP, "producer.source.http.path", "\"/health\"",
            "producer.source.http.path: \"/health\" is also healthPath (its default); each path answers one thing"),
        mistake(HTTP, "producer.source.http.statsPath", "\"/stats?all\"",
            "producer.source.http.statsPath: \"/stats?all\" has a space, ? or #: a request's path is matched without its query"),
        mistake(HTTP, "producer.source.http.correlationIdField", "\"records\"",
            "producer.source.http.correlationIdField: \"records\" is also recordsField (its default); the list of records and the correlation id need two fields"),
        mistake(HTTP, "producer.source.http.recordsField", "\"\"",
            "producer.source.http.recordsField: must not be empty"),
        mistake(PAYMENTS, "producer.source.payments.ratePerSecond", "0",
            "producer.source.payments.ratePerSecond: 0 must be greater than 0"),
        mistake(PAYMENTS, "producer.source.payments.fraudRatio", "1.5",
            "producer.source.payments.fraudRatio: 1.5 must be at least 0 and at most 1"),
        mistake(CALLS, "producer.source.calls.meanDurationSeconds", "-1",
            "producer.source.calls.meanDurationSeconds: -1 must be greater than 0"),
        mistake(WORKER, "worker.processors[2].store.maxLen", "-1",
            "worker.processors[2].store.maxLen: -1 must be at least 1"),
        mistake(WORKER, "worker.errorPolicy.maxAttempts", "0",
            "worker.errorPolicy.maxAttempts: 0 must be between 1 and 1000000"),
        mistake(WORKER, "worker.errorPolicy.backoff.multiplier", "0.5",
            "worker.errorPolicy.backoff.multiplier: 0.5 must be at least 1 and at most 1000"),
        mistake(ETL, "etl.quality.minRecords", "-1", "etl.quality.minRecords: -1 must be at least 0"),
        mistake(ETL, "metricsPort", "0", "metricsPort: 0 must be between 1 and 65535"),
        // unknown fields and wrong types
        mistake(PRODUCER, "producer.source.marketData.interval", "1000",
            "producer.source.marketData.interval: unknown field (known fields: symbols, intervalMs, seed)"),
        mistake(PRODUCER, "kafka.bootstrap", "\"x:1\"",
            "kafka.bootstrap: unknown field (known fields: bootstrapServers, securityProtocol, saslMechanism, properties)"),
        mistake(WORKER, "worker.processors[3]", "{\"log\":{\"level\":\"debug\"}}",
            "worker.processors[3].log.level: unknown field (this object takes no fields)"),
        mistake(WORKER, "replicas", "2",
            "replicas: unknown field (known fields: pipeline, namespace, component, role, kafka, redis, deadLetterTopic, metricsPort, producer, worker, etl)"),
        mistake(WORKER, "worker.processors", "{\"cacheLatest\":{\"key\":\"k\"}}",
            "worker.processors: an object is not a list"),
        mistake(WORKER, "worker.processors[0].cacheLatest", "\"k\"",
            "worker.processors[0].cacheLatest: \"k\" is not an object"),
        mistake(PRODUCER, "producer.source.marketData.symbols", "[\"AAPL\", 7, \"AAPL\"]",
            "producer.source.marketData.symbols[1]: 7 is not a non-empty text",
            "producer.source.marketData.symbols[2]: \"AAPL\" is listed twice"),
        mistake(WORKER, "worker.errorPolicy.deadLetter", "\"yes\"",
            "worker.errorPolicy.deadLetter: \"yes\" is not true or false"),
        // kafka
        mistake(PRODUCER, "kafka.bootstrapServers", "\"localhost\"",
            "kafka.bootstrapServers: \"localhost\" is not host:port"),
        mistake(PRODUCER, "kafka.securityProtocol", "\"SASL_SSL\"",
            "kafka.saslMechanism: is required when securityProtocol is SASL_SSL"),
        mistake(PRODUCER, "kafka.saslMechanism", "\"PLAIN\"",
            "kafka.saslMechanism: is set but securityProtocol PLAINTEXT does not use SASL"),
        mistake(PRODUCER, "kafka.properties", "{\"linger.ms\": {\"x\": 1}}",
            "kafka.properties.linger.ms: an object is not a text, number or boolean"),
        mistake(WORKER, "redis.url", "\"localhost:6379\"",
            "redis.url: \"localhost:6379\" does not start with redis://, rediss://, redis-sentinel:// or rediss-sentinel://"),
        mistake(WORKER, "redis.url", "\"redis-sentinel://:pw@s1:26379,s2:26379/0\"",
            "redis.url: \"redis-sentinel://:***@s1:26379,s2:26379/0\" names no Sentinel master: end it with"
                + " #<master name> (e.g. redis-sentinel://sentinel-0:26379,sentinel-1:26379/0#mymaster)"),
        mistake(WORKER, "redis.url", "\"redis-sentinel://s1:26379#\"",
            "redis.url: \"redis-sentinel://s1:26379#\" names no Sentinel master: end it with"
                + " #<master name> (e.g. redis-sentinel://sentinel-0:26379,sentinel-1:26379/0#mymaster)"),
        mistake(WORKER, "redis.minReplicasAcked", "17",
            "redis.minReplicasAcked: 17 must be between 0 and 16"),
        mistake(WORKER, "redis.maxTemplateValueBytes", "0",
            "redis.maxTemplateValueBytes: 0 must be between 1 and 65536"),
        mistake(WORKER, "redis.maxTemplateValueBytes", "65537",
            "redis.maxTemplateValueBytes: 65537 must be between 1 and 65536"),
        mistake(WORKER, "redis.maxTemplateValueBytes", "\"1k\"",
            "redis.maxTemplateValueBytes: \"1k\" is not an integer"),
        mistake(WORKER, "redis.keyPrefix", "\"shop.*:\"",
            "redis.keyPrefix: \"shop.*:\" has a Redis glob character at position 5"),
        mistake(WORKER, "redis.keyPrefix", "\"{shop}:\"",
            "redis.keyPrefix: \"{shop}:\" has a brace (hash tags belong in the templates) at position 0"),
        mistake(WORKER, "redis.keyPrefix", "\"a b:\"",
            "redis.keyPrefix: \"a b:\" has whitespace or a control character at position 1"),
        mistake(WORKER, "redis.keyPrefix", "7",
            "redis.keyPrefix: 7 is not a text"),
        // filter
        mistake(STREAM_WORKER, "worker.processors[0].filter.op", "\"greater\"",
            "worker.processors[0].filter.op: \"greater\" is not one of eq, ne, gt, gte, lt, lte, exists"),
        mistake(STREAM_WORKER, "worker.processors[0].filter.op", "\"exists\"",
            "worker.processors[0].filter.value: must not be set with op exists"),
        mistake(STREAM_WORKER, "worker.processors[0].filter.value", "true",
            "worker.processors[0].filter.value: true cannot be ordered with op gt (use a number or text)"),
        mistake(STREAM_WORKER, "worker.processors[0].filter.value", "[1]",
            "worker.processors[0].filter.value: a list is not a text, number or boolean"),
        mistake(STREAM_WORKER, "worker.processors[0].filter.value", "1e400",
            "worker.processors[0].filter.value: a number beyond ±1.7976931348623157E+308 (read as Infinity)"),
        // cross-field rules
        mistake(WORKER, "worker.processors[3]", "{\"forward\":{\"topic\":\"market-data-stream\"}}",
            "worker.processors[3].forward.topic: \"market-data-stream\" is the input topic; forwarding there loops forever"),
        mistake(STREAM_WORKER, "worker.processors[1].aggregate", "{\"key\":\"calls:stats\"}",
            "worker.processors[1].aggregate: needs count: true or at least one sum field"),
        mistake(ETL, "etl.transform[3].aggregate", "{\"groupBy\":[\"symbol\"]}",
            "etl.transform[3].aggregate: needs count: true or at least one of sum, min, max, avg"),
        mistake(ETL, "etl.load.redisHash.key", "\"m:{symbol}:{ts}\"",
            "etl.load.redisHash.key: placeholder {ts} is not a field after etl.transform[3].aggregate (fields: symbol, count, sum_volume, min_price, max_price, avg_price)"),
        mistake(ETL, "etl.quality.requiredFields", "[\"price\"]",
            "etl.quality.requiredFields: \"price\" is not a field after etl.transform[3].aggregate (fields: symbol, count, sum_volume, min_price, max_price, avg_price)"),
        mistake(ETL, "etl.transform[2].dedupe.fields", "[\"symbol\", \"when\"]",
            "etl.transform[2].dedupe.fields: \"when\" is not a field after etl.transform[1].select (fields: symbol, price, volume, ts)"),
        mistake(ETL, "etl.transform[3].aggregate.sum", "[\"amount\"]",
            "etl.transform[3].aggregate.sum: \"amount\" is not a field after etl.transform[1].select (fields: symbol, price, volume, ts)"),
        mistake(ETL, "etl.transform[4]", "{\"filter\": {\"field\": \"price\", \"op\": \"gt\", \"value\": 1}}",
            "etl.transform[4].filter.field: \"price\" is not a field after etl.transform[3].aggregate (fields: symbol, count, sum_volume, min_price, max_price, avg_price)"),
        mistake(ETL, "etl.transform[0].filter.field", null, "etl.transform[0].filter.field: is required"),
        mistake(ETL, "etl.extract", "{\"http\":{\"url\":\"ftp://x\"}}",
            "etl.extract.http.url: \"ftp://x\" is not an http:// or https:// URL"));
  }

  private static Arguments mistake(String file, String path, String json, String... expected) {
    return Arguments.of(file, path, json, List.of(expected));
  }

  @ParameterizedTest(name = "{1} = {2}")
  @MethodSource("singleMistakes")
  void reportsEachMistakeWithItsPath(String file, String path, String json, List<String> expected) {
    List<String> problems = ConfigValidator.validate(ExampleConfigs.edited(file, path, json))
        .stream().map(ConfigProblem::toString).collect(Collectors.toList());
    assertThat(problems).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String json = "{\"pipeline\": \"p\", \"component\": \"c\", \"role\": \"worker\","
        + " \"kafka\": {\"bootstrapServers\": \"k:9092\"}, \"redis\": {},"
        + " \"worker\": {\"input\": {\"topic\": {\"name\": \"in\"}}, \"processors\": ["
        + "  {\"cacheLatest\": {\"key\": \"a:{id\", \"ttl\": \"5x\"}},"
        + "  {\"store\": {\"key\": \"s\", \"maxLen\": -2}},"
        + "  {\"publish\": {}},"
        + "  {\"enqueue\": {\"stream\": \"q\"}, \"log\": {}}],"
        + " \"errorPolicy\": {\"maxAttempts\": 0, \"retry\": true}}}";
    assertThat(RuntimeConfigs.parse(json).problems()).extracting(ConfigProblem::toString)
        .containsExactlyInAnyOrder(
            "worker.processors[0].cacheLatest.key: \"a:{id\" has an unclosed '{' at position 2",
            "worker.processors[0].cacheLatest.ttl: \"5x\" is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)",
            "worker.processors[1].store.maxLen: -2 must be at least 1",
            "worker.processors[2].publish.channel: is required",
            "worker.processors[3]: needs exactly one of cacheLatest, publish, enqueue, aggregate, filter, forward, dedupe, store, log, plugin (enqueue and log are set)",
            "worker.errorPolicy.maxAttempts: 0 must be between 1 and 1000000",
            "worker.errorPolicy.retry: unknown field (known fields: maxAttempts, deadLetter, backoff)");
  }

  @Test
  void redisUrlMayComeFromTheEnvironment() {
    assertThat(ConfigValidator.validate(ExampleConfigs.edited(WORKER, "redis", "{}"))).isEmpty();
    assertThat(ConfigValidator.validate(ExampleConfigs.edited(WORKER, "redis.keyPrefix", "\"\"")))
        .as("the empty prefix is the layout without prefix").isEmpty();
    assertThat(ConfigValidator.validate(ExampleConfigs.edited(WORKER, "redis.keyPrefix", "\"shop.orders:\"")))
        .isEmpty();
  }

  @Test
  void nullCountsAsAbsent() {
    assertThat(ConfigValidator.validate(
        ExampleConfigs.edited(PRODUCER, "kafka.saslMechanism", "null"))).isEmpty();
  }

  @Test
  void aDocumentThatIsNoObjectIsOneProblem() {
    assertThat(ConfigValidator.validate(ExampleConfigs.parse("[1, 2]")))
        .extracting(ConfigProblem::toString).containsExactly("$: a list is not an object");
  }
}
