package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.runtime.config.HostOverrides;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.RunningRole;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows Kafka both ways without any record sent: a producer whose records failed
 * (an unready pod gets no more requests from its Service) becomes ready again once the broker is
 * back, and an idle producer becomes unready while the broker is down.
 */
class ProducerReadinessIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static int status(int port, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static int post(int port, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/records"))
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String config(EmbeddedKafkaBroker kafka, String topic, String source) {
    // records fail 15 s after the outage began (not Kafka's 2 min), so the test sees a failed record
    return "{\"pipeline\": \"ready\", \"component\": \"in\", \"role\": \"producer\","
        + " \"kafka\": {\"bootstrapServers\": \"" + kafka.bootstrapServers() + "\","
        + " \"properties\": {\"delivery.timeout.ms\": \"15000\", \"request.timeout.ms\": \"5000\"}},"
        + " \"producer\": {\"topic\": \"" + topic + "\", \"source\": " + source + "}}";
  }

  @Test
  void httpProducerBecomesReadyAgainAfterAnOutageWithoutAnyRequest() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
      kafka.createTopic("ingest", 2);
      int httpPort = freePort();
      try (RunningRole role = RunningRole.start(config(kafka, "ingest", "{\"http\": {\"port\": 8080}}"),
          Map.of(HostOverrides.HTTP_PORT, String.valueOf(httpPort)))) {
        int ops = role.opsServer().port();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(ops, "/readyz") == 200);
        assertThat(post(httpPort, "{\"a\": 1}")).isEqualTo(202);

        kafka.stop();
        // a real fault: the request's record is not acknowledged within the ack timeout, then fails
        assertThat(post(httpPort, "{\"a\": 2}")).isEqualTo(503);
        await().atMost(Duration.ofSeconds(60)).until(() -> status(ops, "/readyz") == 503);
        assertThat(status(httpPort, "/health")).isEqualTo(503);

        kafka.restart();
        // nothing is sent: the Service routes no request to an unready pod
        await().atMost(Duration.ofSeconds(60)).until(() -> status(ops, "/readyz") == 200);
        assertThat(status(httpPort, "/health")).isEqualTo(200);
        assertThat(post(httpPort, "{\"a\": 3}")).isEqualTo(202);
      }
    }
  }

  @Test
  void idleHttpProducerIsUnreadyWhileKafkaIsDown() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
      kafka.createTopic("idle", 1);
      int httpPort = freePort();
      try (RunningRole role = RunningRole.start(config(kafka, "idle", "{\"http\": {\"port\": 8080}}"),
          Map.of(HostOverrides.HTTP_PORT, String.valueOf(httpPort)))) {
        int ops = role.opsServer().port();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(ops, "/readyz") == 200);

        kafka.stop();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(ops, "/readyz") == 503);
        assertThat(status(httpPort, "/health")).isEqualTo(503);

        kafka.restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(ops, "/readyz") == 200);
      }
    }
  }

  @Test
  void generatedProducerFollowsAnOutage() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
      kafka.createTopic("ticks", 1);
      try (RunningRole role = RunningRole.start(config(kafka, "ticks",
          "{\"marketData\": {\"symbols\": [\"AAPL\"], \"intervalMs\": 100, \"seed\": 1}}"))) {
        int ops = role.opsServer().port();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(ops, "/readyz") == 200);

        kafka.stop();
        // records wait in the producer's buffer (delivery.timeout.ms 2 min) without failing yet
        await().atMost(Duration.ofSeconds(60)).until(() -> status(ops, "/readyz") == 503);

        kafka.restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(ops, "/readyz") == 200);
      }
    }
  }
}
