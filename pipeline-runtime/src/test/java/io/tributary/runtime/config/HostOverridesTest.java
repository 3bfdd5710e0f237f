package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HostOverridesTest {
  private static RuntimeConfig example(String file) {
    return RuntimeConfigs.fromTree(ExampleConfigs.tree(file)).orThrow();
  }

  @Test
  void withoutVariablesTheConfigurationAppliesAsWritten() {
    RuntimeConfig config = example("producer-http.json");
    assertThat(HostOverrides.apply(config, name -> null)).isEqualTo(config);
  }

  @Test
  void portsAndTerminationLogAreTakenFromTheEnvironment() {
    Map<String, String> env = Map.of(HostOverrides.METRICS_PORT, "19404", HostOverrides.HTTP_PORT, "18080",
        HostOverrides.TERMINATION_LOG, "/tmp/pod-7/termination-log");

    RuntimeConfig http = HostOverrides.apply(example("producer-http.json"), env::get);
    assertThat(http.metricsPort()).isEqualTo(19404);
    assertThat(http.producer().source().http().port()).isEqualTo(18080);
    assertThat(http.producer().source().http().path())
        .isEqualTo(example("producer-http.json").producer().source().http().path());

    RuntimeConfig etl = HostOverrides.apply(example("etl-topic-to-redis.json"), env::get);
    assertThat(etl.etl().terminationMessagePath()).isEqualTo("/tmp/pod-7/termination-log");
    assertThat(ConfigValidator.validate(etl)).isEmpty();
  }

  @Test
  void theHttpPortOverrideKeepsEveryOtherHttpField() {
    // the override rebuilt the source from six fields: the single path, records field, ... were lost
    RuntimeConfig example = example("producer-http.json");
    SourceConfig.Http http = new SourceConfig.Http(8080, "/payments/batch", 100, 2048, null,
        new HttpLimits("5s", null, null, 10, null, null), "/payments/single", "payments", "correlation_id",
        "/healthz-api", "/api-stats");
    RuntimeConfig config = new RuntimeConfig(example.pipeline(), example.namespace(), example.component(),
        example.role(), example.kafka(), example.redis(), example.deadLetterTopic(), example.metricsPort(),
        new ProducerConfig(example.producer().topic(), example.producer().key(), SourceConfig.of(http)), null, null);

    RuntimeConfig overridden = HostOverrides.apply(config, Map.of(HostOverrides.HTTP_PORT, "18080")::get);
    assertThat(overridden.producer().source().http()).isEqualTo(new SourceConfig.Http(18080, "/payments/batch", 100,
        2048, null, new HttpLimits("5s", null, null, 10, null, null), "/payments/single", "payments",
        "correlation_id", "/healthz-api", "/api-stats"));
  }

  @Test
  void aPortThatIsNotANumberIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> HostOverrides.apply(example("worker-cache-writer.json"),
        Map.of(HostOverrides.METRICS_PORT, "94o4")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TRIBUTARY_METRICS_PORT: \"94o4\" is not a port number (0-65535)");
  }
}
