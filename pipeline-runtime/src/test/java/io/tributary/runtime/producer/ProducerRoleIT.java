package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.runtime.config.KafkaClientProperties;
import io.tributary.runtime.config.KafkaConfig;
import io.tributary.runtime.config.KeyRef;
import io.tributary.runtime.config.ProducerConfig;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SourceConfig;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Each source against a real Kafka broker: records, keys, headers, timestamps, metrics. */
class ProducerRoleIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EmbeddedKafkaBroker kafka = SharedServers.kafka();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private String newTopic() {
    String topic = "producer-it-" + UUID.randomUUID();
    kafka.createTopic(topic, 3);
    return topic;
  }

  private ProducerRole role(String topic, String key, SourceConfig source, Map<String, String> env) {
    return role(kafka.bootstrapServers(), topic, key, source, env, Duration.ofSeconds(10));
  }

  private ProducerRole role(String bootstrap, String topic, String key, SourceConfig source,
      Map<String, String> env, Duration timeouts) {
    RuntimeConfig config = RuntimeConfig.producer("it", "default", "producer-it",
        KafkaConfig.plaintext(bootstrap), new ProducerConfig(topic, key, source));
    return new ProducerRole(config, KafkaClientProperties.of(config.kafka(), env::get), registry,
        env::get, new ProducerRole.Settings(Clock.systemUTC(), "127.0.0.1", timeouts, timeouts));
  }

  private static JsonNode value(ConsumerRecord<String, String> record) {
    return parse(record.value());
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private double produced() {
    return registry.get("kafka.messages.produced").counter().count();
  }

  /** Runs a generated source until {@code count} records are acknowledged, then closes it. */
  private List<ConsumerRecord<String, String>> runUntil(ProducerRole role, String topic, int count) {
    role.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> produced() >= count);
    role.close();
    // close() flushed: every record handed to Kafka was acknowledged and is in the topic
    int acknowledged = (int) produced();
    assertThat(acknowledged).isEqualTo(role.generatedRecords());
    assertThat(registry.get("kafka.produce.errors").counter().count()).isZero();
    List<ConsumerRecord<String, String>> records = KafkaTestClient.readAll(kafka.bootstrapServers(), topic, acknowledged);
    assertThat(records).hasSize(acknowledged);
    assertThat(registry.get("kafka.produce.latency").timer().count()).isEqualTo(acknowledged);
    return records;
  }

  private static void assertEachHasItsOwnCorrelationId(List<ConsumerRecord<String, String>> records) {
    List<String> ids = records.stream().map(r -> KafkaTestClient.header(r, "correlation-id"))
        .collect(Collectors.toList());
    assertThat(ids).allMatch(id -> id != null && id.matches("[0-9a-f-]{36}"));
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
  }

  @Test
  void marketDataSendsTheSeededRandomWalkKeyedBySymbol() {
    String topic = newTopic();
    SourceConfig source = SourceConfig.of(new SourceConfig.MarketData(List.of("AAPL", "MSFT"), 50L, 42L));
    List<ConsumerRecord<String, String>> records =
        runUntil(role(topic, null, source, Map.of()), topic, 10);

    assertThat(records).allSatisfy(record -> {
      JsonNode value = value(record);
      assertThat(record.key()).isEqualTo(value.get("symbol").asText());
      assertThat(record.timestamp()).isEqualTo(Instant.parse(value.get("ts").asText()).toEpochMilli());
    });
    assertEachHasItsOwnCorrelationId(records);
    // per key (one partition each) the records are in order and follow the generator for seed 42
    List<ObjectNode> expected = new MarketDataGenerator(
        new SourceConfig.MarketData(List.of("AAPL", "MSFT"), 50L, 42L), new Random(42), Instant.EPOCH)
        .poll(Instant.EPOCH.plusSeconds(60));
    for (String symbol : List.of("AAPL", "MSFT")) {
      List<String> sent = records.stream().filter(r -> r.key().equals(symbol))
          .map(r -> { ObjectNode v = (ObjectNode) value(r); v.remove("ts"); return v.toString(); })
          .collect(Collectors.toList());
      List<String> generated = expected.stream().filter(r -> r.get("symbol").asText().equals(symbol))
          .map(r -> { ObjectNode v = (ObjectNode) parse(r.toString()); v.remove("ts"); return v.toString(); })
          .limit(sent.size()).collect(Collectors.toList());
      assertThat(sent).isNotEmpty().isEqualTo(generated);
    }
  }

  @Test
  void paymentsAreKeyedByPaymentId() {
    String topic = newTopic();
    List<ConsumerRecord<String, String>> records = runUntil(
        role(topic, null, SourceConfig.of(new SourceConfig.Payments(100.0, 0.2, 7L)), Map.of()), topic, 40);
    assertThat(records).allSatisfy(record -> {
      JsonNode value = value(record);
      assertThat(record.key()).isEqualTo(value.get("payment_id").asText());
      assertThat(value.get("amount").isNumber()).isTrue();
      assertThat(value.get("suspicious").isBoolean()).isTrue();
      assertThat(value.has("merchant") && value.has("customer") && value.has("currency")).isTrue();
    });
    assertEachHasItsOwnCorrelationId(records);
  }

  @Test
  void callsAreKeyedByCallId() {
    String topic = newTopic();
    List<ConsumerRecord<String, String>> records = runUntil(
        role(topic, null, SourceConfig.of(new SourceConfig.Calls(3000.0, 30.0, 1L)), Map.of()), topic, 30);
    assertThat(records).allSatisfy(record -> {
      JsonNode value = value(record);
      assertThat(record.key()).isEqualTo(value.get("call_id").asText());
      assertThat(value.get("duration").asDouble()).isNotNegative();
      assertThat(value.get("caller").asText()).startsWith("+1555");
      assertThat(value.get("start_ts").asText()).isEqualTo(value.get("ts").asText());
    });
    assertEachHasItsOwnCorrelationId(records);
  }

  @Test
  void httpRecordsReachTheTopicBeforeTheAnswer() throws Exception {
    String topic = newTopic();
    SourceConfig.Http http = new SourceConfig.Http(0, "/v1/records", 3, 2048, new KeyRef("ingest", "token"));
    HttpClient client = HttpClient.newHttpClient();
    try (ProducerRole role = role(topic, "payment_id", SourceConfig.of(http),
        Map.of("TRIBUTARY_HTTP_TOKEN", "tok"))) {
      role.start();
      URI uri = URI.create("http://127.0.0.1:" + role.httpPort() + "/v1/records");
      HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer tok").header("X-Correlation-ID", "order-77")
          .POST(HttpRequest.BodyPublishers.ofString("{\"records\": [{\"payment_id\": \"p1\", \"amount\": 10},"
              + " {\"payment_id\": \"p2\", \"amount\": 20}]}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).isEqualTo(202);
      assertThat(accepted.body()).isEqualTo("{\"accepted\":2}");
      assertThat(accepted.headers().firstValue("X-Correlation-ID")).contains("order-77");
      // 202 means acknowledged: the records are readable without waiting for a flush
      assertThat(produced()).isEqualTo(2);

      HttpResponse<String> badRecord = client.send(HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer tok")
          .POST(HttpRequest.BodyPublishers.ofString("{\"records\": [{\"payment_id\": \"p3\"}, [1]]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(badRecord.statusCode()).isEqualTo(400);
      assertThat(badRecord.body()).contains("record 1 is not a JSON object");
      HttpResponse<String> tooMany = client.send(HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer tok")
          .POST(HttpRequest.BodyPublishers.ofString("{\"records\": [{\"payment_id\": 1}, {\"payment_id\": 2},"
              + " {\"payment_id\": 3}, {\"payment_id\": 4}]}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(tooMany.statusCode()).isEqualTo(413);
      HttpResponse<String> noToken = client.send(HttpRequest.newBuilder(uri)
          .POST(HttpRequest.BodyPublishers.ofString("{\"payment_id\": \"p9\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(noToken.statusCode()).isEqualTo(401);
    }
    List<ConsumerRecord<String, String>> records = KafkaTestClient.readAll(kafka.bootstrapServers(), topic, 2);
    assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("p1", "p2");
    assertThat(records).extracting(ConsumerRecord::value).as("as sent").containsExactlyInAnyOrder(
        "{\"payment_id\": \"p1\", \"amount\": 10}", "{\"payment_id\": \"p2\", \"amount\": 20}");
    assertThat(records).extracting(r -> KafkaTestClient.header(r, "correlation-id")).containsOnly("order-77");
  }

  @Test
  void httpRecordsReachTheTopicByteForByteAsTheClientSentThem() throws Exception {
    String topic = newTopic();
    SourceConfig.Http http = new SourceConfig.Http(0, "/v1/records", 10, 10_000, null);
    // re-serialised, the first became 1.2345678901234567E19 and 1e400 the text "Infinity"
    String first = "{\"id\": \"a\", \"amount\": 12345678901234567890.123}";
    String second = "{ \"id\":\"b\" ,\"huge\":1e400,\"tiny\":1e-400,\"list\":[1.50, -0.0, 1E2],"
        + " \"text\":\"caf\u00e9 \\u00e9 \\ud83d\\ude00 \\/\" }";
    String third = "{\"id\":12345678901234567890.123}";
    String single = "{\"id\": \"c\",\t\"v\": 1e400}";
    HttpClient client = HttpClient.newHttpClient();
    try (ProducerRole role = role(topic, "id", SourceConfig.of(http), Map.of())) {
      role.start();
      URI uri = URI.create("http://127.0.0.1:" + role.httpPort() + "/v1/records");
      byte[] batch = ("{\"records\": [" + first + ",\n  " + second + " ," + third + "]}").getBytes(StandardCharsets.UTF_8);
      assertThat(client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
      byte[] one = (" \n" + single + "\r\n").getBytes(StandardCharsets.UTF_8);
      assertThat(client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(one)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
    }
    List<ConsumerRecord<byte[], byte[]>> records = KafkaTestClient.readAllBytes(kafka.bootstrapServers(), topic, 4);
    Map<String, byte[]> values = records.stream().collect(Collectors.toMap(
        r -> new String(r.key(), StandardCharsets.UTF_8), ConsumerRecord::value));
    assertThat(values).containsOnlyKeys("a", "b", "12345678901234567890.123", "c");
    assertThat(values.get("a")).isEqualTo(first.getBytes(StandardCharsets.UTF_8));
    assertThat(values.get("b")).isEqualTo(second.getBytes(StandardCharsets.UTF_8));
    assertThat(values.get("12345678901234567890.123")).isEqualTo(third.getBytes(StandardCharsets.UTF_8));
    assertThat(values.get("c")).as("one record: the object, without the whitespace around it")
        .isEqualTo(single.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRecordKafkaCanNeverTakeIs413NotARetry() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    // over the producer's max.request.size (1 MiB): refused before anything of the request is sent
    String topic = newTopic();
    SourceConfig.Http http = new SourceConfig.Http(0, "/v1/records", 10, 4 * 1024 * 1024, null);
    try (ProducerRole role = role(topic, "id", SourceConfig.of(http), Map.of())) {
      role.start();
      String big = "{\"id\": \"big\", \"blob\": \"" + "x".repeat(1_100_000) + "\"}";
      String body = "{\"records\": [{\"id\": \"small\"}, " + big + "]}";
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + role.httpPort() + "/v1/records"))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(response.headers().firstValue("Retry-After")).isEmpty();
      JsonNode error = parse(response.body());
      assertThat(error.get("index").asInt()).isEqualTo(1);
      assertThat(error.get("error").asText()).isEqualTo("record 1 and its key are " + (big.length() + "big".length())
          + " bytes; Kafka takes at most 1048576 (the producer's max.request.size), so it can never be sent:"
          + " shrink or split it");
      assertThat(produced()).as("nothing of the request was sent").isZero();
    }

    // over the topic's max.message.bytes: the broker refuses it
    String small = "producer-it-small-" + UUID.randomUUID();
    try (org.apache.kafka.clients.admin.Admin admin = kafka.admin()) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(small, 1, (short) 1)
          .configs(Map.of("max.message.bytes", "2000")))).all().get();
    }
    try (ProducerRole role = role(small, "id", SourceConfig.of(http), Map.of())) {
      role.start();
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + role.httpPort() + "/v1/records"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"mid\", \"blob\": \"" + "x".repeat(5000) + "\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(413);
      JsonNode error = parse(response.body());
      assertThat(error.get("index").asInt()).isZero();
      assertThat(error.get("error").asText()).startsWith("record 0 is larger than Kafka takes (")
          .contains("so it can never be sent: shrink or split it");
    }
  }

  @Test
  void anUnreachableKafkaAnswers503InTime() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    SourceConfig.Http http = new SourceConfig.Http(0, null, null, null, null);
    try (ProducerRole role = role("127.0.0.1:" + closedPort, "nowhere", null, SourceConfig.of(http),
        Map.of(), Duration.ofSeconds(1))) {
      role.start();
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + role.httpPort() + "/v1/records"))
          .timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains("1");
      assertThat(role.kafkaReachable()).isFalse();
    }
  }

  @Test
  void anHttpSourceWithATokenRefButNoTokenDoesNotStart() {
    String topic = newTopic();
    SourceConfig.Http http = new SourceConfig.Http(0, null, null, null, new KeyRef("ingest", "token"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> role(topic, null, SourceConfig.of(http), Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("producer.source.http.tokenSecretRef is set but TRIBUTARY_HTTP_TOKEN is empty: "
            + "refusing to serve without the token");
  }

  @Test
  void runsUnderMainWithTaggedPrometheusMetricsAndStopsCleanly() {
    String topic = newTopic();
    String json = "{\"pipeline\": \"market-data\", \"component\": \"ticks\", \"role\": \"producer\","
        + " \"kafka\": {\"bootstrapServers\": \"" + kafka.bootstrapServers() + "\"},"
        + " \"producer\": {\"topic\": \"" + topic + "\", \"source\": {\"marketData\": "
        + "{\"symbols\": [\"AAPL\"], \"intervalMs\": 20, \"seed\": 1}}}}";
    try (RunningRole running = RunningRole.start(json)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> running.opsServer().failingReadinessChecks().isEmpty()
          && running.metrics().contains("kafka_messages_produced_total{component=\"ticks\",pipeline=\"market-data\",role=\"producer\",topic=\"" + topic + "\"}"));
      assertThat(running.metrics()).contains("kafka_produce_latency_seconds_bucket{component=\"ticks\",pipeline=\"market-data\",role=\"producer\"");
      assertThat(running.stop()).isZero();
    }
    assertThat(KafkaTestClient.readAll(kafka.bootstrapServers(), topic, 1)).isNotEmpty()
        .allSatisfy(record -> assertThat(record.key()).isEqualTo("AAPL"));
  }
}
