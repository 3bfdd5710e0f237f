package io.tributary.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.tributary.operator.ops.HealthState;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JosdkConfigurationTest {

  @Test
  void configuresNonSsaWritesAndTheLeaseAndAStandByIsReady() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
        "KUBERNETES_SERVICE_HOST", "10.0.0.1", "POD_NAMESPACE", "tributary-system"));
    HealthState health = new HealthState();
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      Operator operator = new Operator(JosdkConfiguration.overrides(client, settings, Metrics.NOOP, health));
      var config = operator.getConfigurationService();
      assertThat(config.useSSAToPatchPrimaryResource()).isFalse();
      assertThat(config.ssaBasedCreateUpdateMatchForDependentResources()).isFalse();
      assertThat(config.stopOnInformerErrorDuringStartup()).isFalse();
      var election = config.getLeaderElectionConfiguration().orElseThrow();
      assertThat(election.getLeaseName()).isEqualTo("tributary-operator-leader");
      assertThat(election.getLeaseNamespace()).contains("tributary-system");

      // waiting for the Lease: ready (a rolling update can proceed), controllers not yet checked
      assertThat(health.ready()).isTrue();
      election.getLeaderCallbacks().orElseThrow().onStartLeading();
      assertThat(health.ready()).as("leading, but the controllers are not started").isFalse();
    }
  }

  @Test
  void aLostLeaseGoesToTheGivenHandlerAndNeverToSystemExit() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
        "KUBERNETES_SERVICE_HOST", "10.0.0.1", "POD_NAMESPACE", "tributary-system"));
    HealthState health = new HealthState();
    AtomicInteger lost = new AtomicInteger();
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      Operator operator = new Operator(JosdkConfiguration.overrides(client, settings, Metrics.NOOP, health, lost::incrementAndGet));
      var election = operator.getConfigurationService().getLeaderElectionConfiguration().orElseThrow();
      assertThat(election.isExitOnStopLeading()).as("System.exit would hang a SIGTERM shutdown hook").isFalse();

      election.getLeaderCallbacks().orElseThrow().onStopLeading();
      assertThat(lost).hasValue(1);
      assertThat(health.live()).as("the handler decides (a deliberate stop is reported the same way)").isTrue();
    }
  }
}
