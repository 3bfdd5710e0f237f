package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.runtime.config.KeyRef;
import io.tributary.runtime.config.SourceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The http source against a fake sink: statuses, limits, token, correlation ids. */
class HttpIngestServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final HttpClient client = HttpClient.newHttpClient();
  private final FakeSink sink = new FakeSink();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private HttpIngestServer server;

  private void start(int maxBatch, int maxBodyBytes, String token) throws Exception {
    SourceConfig.Http config = new SourceConfig.Http(0, "/v1/records", maxBatch, maxBodyBytes,
        token == null ? null : new KeyRef("ingest", "token"));
    server = new HttpIngestServer(config, "id", token, sink, new ProducerMetrics(registry, "t"),
        "127.0.0.1", Duration.ofMillis(300), Clock.fixed(NOW, ZoneOffset.UTC));
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void acceptsOneRecordAndPassesTheCorrelationId() throws Exception {
    start(10, 10_000, null);
    HttpResponse<String> response = post("/v1/records", "{\"id\": \"p-1\", \"amount\": 5}",
        "X-Correlation-ID", "req-42");
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(json(response).toString()).isEqualTo("{\"accepted\":1}");
    assertThat(response.headers().firstValue("X-Correlation-ID")).contains("req-42");
    assertThat(sink.sent).containsExactly(new OutgoingRecord(
        "p-1", "{\"id\": \"p-1\", \"amount\": 5}", "req-42", NOW.toEpochMilli()));
    assertThat(registry.counter("http.ingest.requests", "status", "202").count()).isEqualTo(1);
  }

  @Test
  void acceptsABatchUnderOneNewCorrelationId() throws Exception {
    start(10, 10_000, null);
    HttpResponse<String> response = post("/v1/records",
        "{\"records\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]}");
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(json(response).get("accepted").asInt()).isEqualTo(3);
    String correlationId = response.headers().firstValue("X-Correlation-ID").orElseThrow();
    assertThat(correlationId).matches("[0-9a-f-]{36}");
    assertThat(sink.sent).extracting(OutgoingRecord::key).containsExactly("1", "2", "3");
    assertThat(sink.sent).extracting(OutgoingRecord::correlationId).containsOnly(correlationId);
  }

  @Test
  void aBadRecordIsNamedAndNothingIsSent() throws Exception {
    start(10, 10_000, null);
    HttpResponse<String> response = post("/v1/records",
        "{\"records\": [{\"id\": 1}, {\"name\": \"no id\"}]}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo("record 1 has no key field \"id\"");
    assertThat(json(response).get("index").asInt()).isEqualTo(1);
    assertThat(sink.sent).isEmpty();
    assertThat(post("/v1/records", "not json").statusCode()).isEqualTo(400);
  }

  @Test
  void tooManyRecordsOrBytesIsTooLarge() throws Exception {
    start(2, 100, null);
    HttpResponse<String> batch = post("/v1/records", "{\"records\": [{\"id\":1},{\"id\":2},{\"id\":3}]}");
    assertThat(batch.statusCode()).isEqualTo(413);
    assertThat(json(batch).get("error").asText())
        .isEqualTo("the batch has 3 records; at most 2 are allowed (maxBatch)");
    HttpResponse<String> body = post("/v1/records", "{\"id\": \"" + "x".repeat(200) + "\"}");
    assertThat(body.statusCode()).isEqualTo(413);
    assertThat(json(body).get("error").asText()).isEqualTo("the body is larger than 100 bytes (maxBodyBytes)");
    assertThat(sink.sent).isEmpty();
  }

  @Test
  void aBodyLimitAsLargeAsAnIntStillServes() throws Exception {
    // readNBytes(limit + 1) overflowed to a negative count: every request answered 500
    start(10, Integer.MAX_VALUE, null);
    HttpResponse<String> response = post("/v1/records", "{\"id\": 1}");
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(sink.sent).hasSize(1);
  }

  @Test
  void theTokenIsRequiredWhenConfigured() throws Exception {
    start(10, 10_000, "s3cret");
    HttpResponse<String> none = post("/v1/records", "{\"id\": 1}");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(post("/v1/records", "{\"id\": 1}", "Authorization", "Bearer wrong").statusCode())
        .isEqualTo(401);
    assertThat(post("/v1/records", "{\"id\": 1}", "Authorization", "Basic czNjcmV0").statusCode())
        .isEqualTo(401);
    assertThat(sink.sent).isEmpty();
    assertThat(post("/v1/records", "{\"id\": 1}", "Authorization", "Bearer s3cret").statusCode())
        .isEqualTo(202);
    assertThat(sink.sent).hasSize(1);
  }

  @Test
  void kafkaNotAcknowledgingInTimeIsServiceUnavailable() throws Exception {
    start(10, 10_000, null);
    sink.answer = FakeSink.Answer.NEVER;
    HttpResponse<String> slow = post("/v1/records", "{\"records\": [{\"id\": 1}, {\"id\": 2}]}");
    assertThat(slow.statusCode()).isEqualTo(503);
    assertThat(slow.headers().firstValue("Retry-After")).contains("1");
    assertThat(json(slow).get("error").asText())
        .isEqualTo("Kafka did not acknowledge 2 of 2 records within 300 ms; retry the request");
    sink.answer = FakeSink.Answer.FAIL;
    HttpResponse<String> refused = post("/v1/records", "{\"id\": 1}");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(json(refused).get("error").asText()).contains("broker said no");
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    start(10, 10_000, null);
    assertThat(post("/v1/other", "{\"id\": 1}").statusCode()).isEqualTo(404);
    HttpResponse<String> get = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/v1/records")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    assertThat(sink.sent).isEmpty();
  }
}
