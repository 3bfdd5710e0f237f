package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.ops.OpsServer;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The operator process: JOSDK configured by the one factory, /metrics, /healthz, /readyz. */
class OperatorProcessIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesMetricsHealthAndReadinessAndIsConfiguredWithoutServerSideApply() throws Exception {
    try (MockCluster cluster = MockCluster.start(true)) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      TributaryOperator operator = cluster.startOperator(OperatorSettings.defaults(), registry);
      try (OpsServer ops = OpsServer.start("127.0.0.1", 0, 0, registry, operator.health())) {
        var config = operator.operator().getConfigurationService();
        assertThat(config.useSSAToPatchPrimaryResource()).isFalse();
        assertThat(config.ssaBasedCreateUpdateMatchForDependentResources()).isFalse();
        assertThat(config.stopOnInformerErrorDuringStartup()).isFalse();

        cluster.client().resource(Fixtures.strimziPipeline("metrics")).create();
        cluster.client().resource(Fixtures.marketDataProducer("metrics-feed", "metrics")).create();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          String metrics = get(ops.metricsPort(), "/metrics").body();
          assertThat(metrics)
              .contains("tributary_reconciliations_total{kind=\"Producer\"")
              .contains("tributary_child_writes_total{action=\"create\",kind=\"Deployment\"")
              .contains("operator_sdk_reconciliations_executions");
        });
        assertThat(get(ops.healthPort(), "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(ops.healthPort(), "/readyz").statusCode()).isEqualTo(200);

        // an informer that dies does not end the JVM: liveness turns red instead
        config.getInformerStoppedHandler().orElseThrow().onStop(null, new IllegalStateException("watch broke"));
        HttpResponse<String> health = get(ops.healthPort(), "/healthz");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("watch broke");
        assertThat(get(ops.healthPort(), "/readyz").statusCode()).isEqualTo(503);
      }
    }
  }

  @Test
  void theOperatorJarRegistersRunOnlyTheSandboxIsItsOwnJar() {
    // the sandbox is operator/sandbox's tributary-sandbox.jar (SandboxMain), not a command of the operator jar
    assertThat(new picocli.CommandLine(new Main()).getSubcommands()).containsOnlyKeys("run");
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
