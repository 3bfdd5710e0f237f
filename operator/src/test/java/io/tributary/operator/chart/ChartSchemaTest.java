package io.tributary.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** values.schema.json refuses bad values before anything is rendered, naming the field. */
class ChartSchemaTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      a typo in a key                       | watchNamespace: [team-a]                                      | watchNamespace
      replicas as a word                    | replicaCount: two                                             | replicaCount
      an unknown pull policy                | image: {repository: x, pullPolicy: Sometimes}                 | pullPolicy
      a namespace that is no DNS label      | watchNamespaces: [Team_A]                                     | watchNamespaces
      a port out of range                   | metrics: {port: 70000, service: {type: ClusterIP}, serviceMonitor: {enabled: false}} | port
      a root container                      | podSecurityContext: {runAsNonRoot: false, seccompProfile: {type: RuntimeDefault}} | runAsNonRoot
      privilege escalation                  | securityContext: {allowPrivilegeEscalation: true, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}} | allowPrivilegeEscalation
      capabilities kept                     | securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [NET_RAW]}} | drop
      a ServiceMonitor switch as text       | metrics: {port: 8080, service: {type: ClusterIP}, serviceMonitor: {enabled: "yes"}} | enabled
      two replicas without leader election  | '{replicaCount: 2, leaderElection: {enabled: false}}'          | enabled
      """)
  void badValuesAreRefusedNamingTheField(String what, String valuesYaml, String field) {
    assertThatThrownBy(() -> RenderedChart.withValues(valuesYaml))
        .as(what)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(field);
  }

  @Test
  void theValueSetsTheReadmeShowsAreAccepted() {
    assertThat(RenderedChart.withValues("""
        replicaCount: 2
        watchNamespaces: [team-a]
        metrics:
          serviceMonitor:
            enabled: true
            labels: {release: kube-prometheus-stack}
        dashboards:
          enabled: true
        """).objects()).isNotEmpty();
  }
}
