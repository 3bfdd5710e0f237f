package io.tributary.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesMetricsTaggedWithTheIdentity() throws Exception {
    PrometheusMeterRegistry registry = RuntimeMetrics.create(new RuntimeIdentity("market-data", "cache-writer", "worker"));
    registry.counter("kafka.messages.consumed", "topic", "t").increment(3);
    try (OpsServer ops = OpsServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), registry)) {
      HttpResponse<String> response = get(ops, "/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains(
          "kafka_messages_consumed_total{component=\"cache-writer\",pipeline=\"market-data\",role=\"worker\",topic=\"t\"} 3.0");
      assertThat(response.body()).contains("jvm_memory_used_bytes{area=");
    }
  }

  @Test
  void readyOnlyWhenEveryCheckPasses() throws Exception {
    AtomicBoolean redisUp = new AtomicBoolean(false);
    try (OpsServer ops = OpsServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), RuntimeMetrics.create(new RuntimeIdentity("p", "c", "worker")))) {
      // up before the role has registered what it needs: not ready yet, though live
      HttpResponse<String> starting = get(ops, "/readyz");
      assertThat(starting.statusCode()).isEqualTo(503);
      assertThat(starting.body()).isEqualTo("not ready: starting\n");
      assertThat(get(ops, "/healthz").statusCode()).isEqualTo(200);

      ops.addReadinessCheck("kafka", () -> true);
      ops.addReadinessCheck("redis", redisUp::get);
      ops.addReadinessCheck("broken", () -> { throw new IllegalStateException("boom"); });
      HttpResponse<String> notReady = get(ops, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("not ready: broken, redis\n");
      assertThat(get(ops, "/healthz").statusCode()).isEqualTo(200);

      redisUp.set(true);
      ops.addReadinessCheck("broken", () -> true);
      assertThat(get(ops, "/readyz").statusCode()).isEqualTo(200);
      ops.markNotLive();
      assertThat(get(ops, "/healthz").statusCode()).isEqualTo(503);
    }
  }

  private HttpResponse<String> get(OpsServer ops, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
