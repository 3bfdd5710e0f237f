package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.runtime.config.KafkaClientProperties;
import io.tributary.runtime.config.KafkaConfig;
import io.tributary.runtime.config.ProducerConfig;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SourceConfig;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.FreePorts;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.SharedServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The payments API's clients, unchanged, against the http source and a real Kafka (issue #13 §6):
 * the old service took {@code POST /payments/batch} with {@code {"payments": [...],
 * "correlation_id": "..."}}, {@code POST /payments/single} with one payment, and served
 * {@code GET /health} and {@code GET /stats}. The request bodies are the seed's
 * ({@code seeds/payments-monitoring-and-logging.md}), byte for byte.
 */
class PaymentsDropInIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The seed's "Send Test Payments" curl body, as curl sends it. */
  private static final String CURL_BATCH = """
      {
             "payments": [
               {
                 "payment_id": "TEST-001",
                 "amount": 99.99,
                 "merchant_id": "MERCH-001",
                 "customer_id": "CUST-001",
                 "description": "Test payment"
               }
             ]
           }""";
  private static final String CURL_PAYMENT = """
      {
                 "payment_id": "TEST-001",
                 "amount": 99.99,
                 "merchant_id": "MERCH-001",
                 "customer_id": "CUST-001",
                 "description": "Test payment"
               }""";

  /** The seed's API reference, "Batch Processing": the correlation id in the body. */
  private static final String API_BATCH = """
      {
        "payments": [
          {
            "payment_id": "string",
            "amount": 99.99,
            "merchant_id": "string",
            "customer_id": "string",
            "currency": "USD",
            "description": "optional"
          }
        ],
        "correlation_id": "optional"
      }
      """;
  private static final String API_PAYMENT = """
      {
            "payment_id": "string",
            "amount": 99.99,
            "merchant_id": "string",
            "customer_id": "string",
            "currency": "USD",
            "description": "optional"
          }""";

  /** The seed's API reference, "Single Payment". */
  private static final String API_SINGLE = """
      {
        "payment_id": "string",
        "amount": 99.99,
        "merchant_id": "string",
        "customer_id": "string",
        "currency": "USD",
        "description": "optional"
      }""";

  /** What the Producer of manifests/examples/payments.yaml configures. */
  private static final SourceConfig.Http PAYMENTS_API = new SourceConfig.Http(0, "/payments/batch", 500, 1_048_576,
      null, null, "/payments/single", "payments", "correlation_id", null, null);

  private final EmbeddedKafkaBroker kafka = SharedServers.kafka();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ProducerRole role;
  private String topic;

  @AfterEach
  void stop() {
    if (role != null) {
      role.close();
    }
  }

  private void start(String bootstrap) {
    topic = "payments-drop-in-" + UUID.randomUUID();
    if (bootstrap.equals(kafka.bootstrapServers())) {
      kafka.createTopic(topic, 3);
    }
    RuntimeConfig config = RuntimeConfig.producer("payments", "default", "payments-api",
        KafkaConfig.plaintext(bootstrap), new ProducerConfig(topic, "payment_id", SourceConfig.of(PAYMENTS_API)));
    Duration timeouts = Duration.ofSeconds(5);
    role = new ProducerRole(config, KafkaClientProperties.of(config.kafka(), name -> null), registry, name -> null,
        new ProducerRole.Settings(Clock.systemUTC(), "127.0.0.1", timeouts, timeouts));
    role.start();
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + role.httpPort() + path);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  private void awaitHealthy() {
    await().atMost(Duration.ofSeconds(30)).until(() -> get("/health").statusCode() == 200);
  }

  @Test
  void theOldClientsRequestsReachKafkaAsTheySentThem() throws Exception {
    start(kafka.bootstrapServers());
    awaitHealthy();
    HttpResponse<String> health = get("/health");
    assertThat(json(health)).isEqualTo(JSON.readTree("{\"status\": \"ok\"}"));
    assertThat(health.headers().firstValue("Content-Type")).contains("application/json");

    HttpResponse<String> curl = post("/payments/batch", CURL_BATCH,
        "Content-Type", "application/json", "X-Correlation-ID", "test-1733567400");
    assertThat(curl.statusCode()).as(curl.body()).isEqualTo(202);
    assertThat(json(curl).get("accepted").asInt()).isEqualTo(1);
    assertThat(curl.headers().firstValue("X-Correlation-ID")).contains("test-1733567400");

    // no header: the body's correlation_id is the request's, on the record and in the answer
    HttpResponse<String> api = post("/payments/batch", API_BATCH, "Content-Type", "application/json");
    assertThat(api.statusCode()).as(api.body()).isEqualTo(202);
    assertThat(api.headers().firstValue("X-Correlation-ID")).contains("optional");

    HttpResponse<String> single = post("/payments/single", API_SINGLE, "Content-Type", "application/json",
        "X-Correlation-ID", "single-1");
    assertThat(single.statusCode()).as(single.body()).isEqualTo(202);
    assertThat(json(single).get("accepted").asInt()).isEqualTo(1);

    List<ConsumerRecord<String, String>> records = KafkaTestClient.readAll(kafka.bootstrapServers(), topic, 3);
    assertThat(records).hasSize(3);
    assertThat(records).extracting(ConsumerRecord::value)
        .containsExactlyInAnyOrder(CURL_PAYMENT, API_PAYMENT, API_SINGLE);
    Map<String, String> correlationByValue = new java.util.HashMap<>();
    records.forEach(r -> correlationByValue.put(r.value(), KafkaTestClient.header(r, "correlation-id")));
    assertThat(correlationByValue).containsEntry(CURL_PAYMENT, "test-1733567400")
        .containsEntry(API_PAYMENT, "optional").containsEntry(API_SINGLE, "single-1");
    assertThat(records).filteredOn(r -> r.value().equals(CURL_PAYMENT)).extracting(ConsumerRecord::key)
        .containsExactly("TEST-001");

    HttpResponse<String> stats = get("/stats");
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(json(stats)).isEqualTo(JSON.readTree(
        "{\"accepted\": {\"requests\": 3, \"records\": 3}, \"rejected\": {\"requests\": 0, \"byStatus\": {}}}"));
  }

  @Test
  void mistakesAreNamedAndSendNothing() throws Exception {
    start(kafka.bootstrapServers());
    awaitHealthy();
    HttpResponse<String> extra = post("/payments/batch",
        API_BATCH.replace("\"correlation_id\": \"optional\"", "\"correlation\": \"optional\""),
        "Content-Type", "application/json");
    assertThat(extra.statusCode()).isEqualTo(400);
    assertThat(json(extra).get("error").asText()).isEqualTo("unknown top-level field \"correlation\" next to"
        + " \"payments\"; send {\"payments\": [...], \"correlation_id\": \"...\"} (one record: POST it to /payments/single)");

    HttpResponse<String> singleToBatch = post("/payments/batch", API_SINGLE, "Content-Type", "application/json");
    assertThat(singleToBatch.statusCode()).isEqualTo(400);
    assertThat(json(singleToBatch).get("error").asText()).startsWith("the body has no \"payments\" field;");

    HttpResponse<String> form = post("/payments/single", API_SINGLE,
        "Content-Type", "application/x-www-form-urlencoded");
    assertThat(form.statusCode()).isEqualTo(415);

    HttpResponse<String> postHealth = post("/health", "{}", "Content-Type", "application/json");
    assertThat(postHealth.statusCode()).isEqualTo(405);
    assertThat(postHealth.headers().firstValue("Allow")).contains("GET");

    // the one good request after the mistakes is the only thing in the topic
    assertThat(post("/payments/single", API_SINGLE, "Content-Type", "application/json").statusCode()).isEqualTo(202);
    assertThat(KafkaTestClient.readAll(kafka.bootstrapServers(), topic, 1)).extracting(ConsumerRecord::value)
        .containsExactly(API_SINGLE);

    // rejected counts ingest requests only: not the POST to /health, not the stats and health asked
    assertThat(json(get("/stats"))).isEqualTo(JSON.readTree("{\"accepted\": {\"requests\": 1, \"records\": 1},"
        + " \"rejected\": {\"requests\": 3, \"byStatus\": {\"400\": 2, \"415\": 1}}}"));
    assertThat(registry.counter("http.ingest.requests", "status", "400").count()).isEqualTo(2);
  }

  @Test
  void healthIs503WhileKafkaCannotBeReached() throws Exception {
    int closedPort = FreePorts.next();
    start("127.0.0.1:" + closedPort);
    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(json(health).get("status").asText()).isEqualTo("unavailable");
    // asked again on the same kept-alive connection: health answers do not close it
    assertThat(get("/health").statusCode()).isEqualTo(503);
    assertThat(role.kafkaReachable()).isFalse();
  }
}
