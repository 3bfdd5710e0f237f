package io.tributary.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void defaultsOutsideACluster() {
    OperatorSettings s = OperatorSettings.fromEnvironment(Map.of());
    assertThat(s.runtimeImage()).isEqualTo("ghcr.io/tributary-io/pipeline-runtime:0.1.0");
    assertThat(s.watchNamespaces()).isEmpty();
    assertThat(s.leaderElection()).isEmpty();
    assertThat(s.metricsPort()).isEqualTo(8080);
    assertThat(s.healthPort()).isEqualTo(8081);
    assertThat(s.finalizerTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.rechecks().refused()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.rechecks().credentials()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.rechecks().waiting()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theRecheckIntervalIsSetInSecondsFromOneToAnHourAndTheOthersFollow() {
    Rechecks fast = OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_RECHECK_SECONDS", "2")).rechecks();
    assertThat(fast.refused()).isEqualTo(Duration.ofSeconds(2));
    assertThat(fast.credentials()).isEqualTo(Duration.ofSeconds(4));
    assertThat(fast.waiting()).as("never longer than the refusal's").isEqualTo(Duration.ofSeconds(2));
    assertThat(OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_RECHECK_SECONDS", "3600")).rechecks().credentials())
        .isEqualTo(Duration.ofHours(2));
    for (String bad : new String[] {"0", "3601", "9223372036854775807"}) {
      assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_RECHECK_SECONDS", bad)))
          .as(bad).hasMessage("TRIBUTARY_RECHECK_SECONDS=" + bad + " is not a number of seconds from 1 to 3600");
    }
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_RECHECK_SECONDS", "30s")))
        .hasMessage("TRIBUTARY_RECHECK_SECONDS=30s is not a number of seconds (0 or more)");
  }

  @Test
  void theFinalizerTimeoutIsSetInSeconds() {
    assertThat(OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_FINALIZER_TIMEOUT_SECONDS", "30")).finalizerTimeout())
        .isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_FINALIZER_TIMEOUT_SECONDS", "5m")))
        .hasMessage("TRIBUTARY_FINALIZER_TIMEOUT_SECONDS=5m is not a number of seconds (0 or more)");
  }

  @Test
  void inAClusterLeaderElectionIsOnWithTheLeaseInThePodNamespace() {
    OperatorSettings s = OperatorSettings.fromEnvironment(Map.of(
        "KUBERNETES_SERVICE_HOST", "10.0.0.1", "POD_NAMESPACE", "tributary-system",
        "TRIBUTARY_WATCH_NAMESPACES", " team-a, team-b ,,",
        "TRIBUTARY_RUNTIME_IMAGE", "registry.example/runtime:1.2"));
    assertThat(s.leaderElection()).contains(new OperatorSettings.LeaderElection("tributary-operator-leader", "tributary-system"));
    assertThat(s.watchNamespaces()).isEqualTo(Set.of("team-a", "team-b"));
    assertThat(s.runtimeImage()).isEqualTo("registry.example/runtime:1.2");
  }

  @Test
  void leaderElectionCanBeSwitchedOffAndTheLeaseNamed() {
    assertThat(OperatorSettings.fromEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "h", "TRIBUTARY_LEADER_ELECTION", "false"))
        .leaderElection()).isEmpty();
    assertThat(OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_LEADER_ELECTION", "true",
        "TRIBUTARY_LEADER_ELECTION_LEASE", "my-lease", "TRIBUTARY_LEADER_ELECTION_NAMESPACE", "ops")).leaderElection())
        .contains(new OperatorSettings.LeaderElection("my-lease", "ops"));
  }

  @Test
  void badValuesAreRefusedNamingTheVariableAndTheValue() {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_METRICS_PORT", "eighty")))
        .hasMessage("TRIBUTARY_METRICS_PORT=eighty is not a port number (0-65535)");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_LEADER_ELECTION", "yes")))
        .hasMessage("TRIBUTARY_LEADER_ELECTION=yes is not a boolean; use true or false");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_LEADER_ELECTION", "true")))
        .hasMessageContaining("POD_NAMESPACE");
  }

  @Test
  void theRuntimePodsLogSettingsAreTheirOwnAndCheckedAsTheRuntimeChecksThem() {
    assertThat(OperatorSettings.fromEnvironment(Map.of()).runtimeLogging().env()).as("unset: the runtime's defaults").isEmpty();
    // the operator's own settings are not passed on
    assertThat(OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_LOG_LEVEL", "DEBUG")).runtimeLogging().env()).isEmpty();
    RuntimeLogging logging = OperatorSettings.fromEnvironment(Map.of(
        "TRIBUTARY_RUNTIME_LOG_LEVEL", " warn ", "TRIBUTARY_RUNTIME_LOG_FORMAT", "TEXT")).runtimeLogging();
    assertThat(logging).isEqualTo(new RuntimeLogging("WARN", "text"));
    assertThat(logging.env()).extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly("TRIBUTARY_LOG_LEVEL=WARN", "TRIBUTARY_LOG_FORMAT=text");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_RUNTIME_LOG_LEVEL", "loud")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("TRIBUTARY_RUNTIME_LOG_LEVEL=\"loud\" is not a log level");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_RUNTIME_LOG_FORMAT", "xml")))
        .hasMessage("TRIBUTARY_RUNTIME_LOG_FORMAT=\"xml\" is not a log format (use json or text)");
  }

  @Test
  void theRuntimePodsDefaultPullSecretsAreSecretNames() {
    assertThat(OperatorSettings.fromEnvironment(Map.of()).runtimeImagePullSecrets()).isEmpty();
    assertThat(OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_RUNTIME_IMAGE_PULL_SECRETS", " a-cred,, b.cred ,a-cred"))
        .runtimeImagePullSecrets()).containsExactly("a-cred", "b.cred");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_RUNTIME_IMAGE_PULL_SECRETS", "ok,Bad_Name")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("TRIBUTARY_RUNTIME_IMAGE_PULL_SECRETS: \"Bad_Name\" is not a Secret name");
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_RUNTIME_IMAGE_PULL_SECRETS", "x".repeat(254))))
        .hasMessageContaining("at most 253 characters");
  }

  @Test
  void allowedHostsGoToEveryRuntimePodAndAnEntryThatIsNoHostStopsTheOperator() {
    OperatorSettings none = OperatorSettings.fromEnvironment(Map.of());
    assertThat(none.allowedHosts().allowsAny()).isTrue();
    assertThat(none.runtimeEnv()).noneMatch(e -> e.getName().equals("TRIBUTARY_ALLOWED_HOSTS"));

    OperatorSettings listed = OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_ALLOWED_HOSTS", " *.Kafka.svc , 10.0.0.0/8"));
    assertThat(listed.allowedHosts().allows("b0.kafka.svc")).isTrue();
    assertThat(listed.allowedHosts().allows("redis.evil")).isFalse();
    assertThat(listed.runtimeEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("TRIBUTARY_ALLOWED_HOSTS");
      assertThat(e.getValue()).isEqualTo("*.kafka.svc,10.0.0.0/8");
    });
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("TRIBUTARY_ALLOWED_HOSTS", "ok.svc,http://x")))
        .hasMessageStartingWith("TRIBUTARY_ALLOWED_HOSTS: \"http://x\" is neither");
  }
}
