package io.tributary.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chart's user-facing ClusterRoles on a real API server: rendered by Helm, folded by
 * kube-controller-manager's ClusterRole aggregation into Kubernetes' own {@code edit} and
 * {@code view}, and then what a namespace user bound to one of those may do with Tributary's kinds —
 * as the real RBAC authorizer decides, with ServiceAccount tokens (the static users are all
 * {@code system:masters}).
 */
@RealControlPlane
class UserRolesOnRealServerIT {
  private static final Duration AGGREGATED = Duration.ofSeconds(60);

  @Test
  void aNamespaceEditorManagesPipelinesThereAndAViewerOnlyReadsThem(LocalControlPlane plane, TestNamespace namespace) {
    ClusterCrds.installAll(plane);
    RenderedChart chart = RenderedChart.withDefaults();
    List<JsonNode> userRoles = chart.ofKind("ClusterRole").stream()
        .filter(role -> role.path("metadata").path("labels").has("rbac.authorization.k8s.io/aggregate-to-view")
            || role.path("metadata").path("labels").has("rbac.authorization.k8s.io/aggregate-to-edit"))
        .toList();
    assertThat(userRoles).as("the chart's aggregated roles").hasSize(2);
    String elsewhere = namespace.name() + "-other";
    try (KubernetesClient admin = plane.adminClient()) {
      for (JsonNode role : userRoles) {
        admin.resource(Serialization.unmarshal(role.toString(), ClusterRole.class)).serverSideApply();
      }
      admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(elsewhere)
          .addToLabels("tributary.io/test", "true").endMetadata().build()).create();
      try {
        String editor = userBoundTo(admin, namespace.name(), "developer", "edit");
        String viewer = userBoundTo(admin, namespace.name(), "auditor", "view");
        try (KubernetesClient developer = plane.clientWithToken(editor);
            KubernetesClient auditor = plane.clientWithToken(viewer)) {
          // aggregation is asynchronous: edit takes the rules in shortly after the role appears
          await("edit allows creating a Pipeline").atMost(AGGREGATED).pollInterval(Duration.ofSeconds(1))
              .ignoreException(KubernetesClientException.class)
              .until(() -> developer.resource(pipeline(namespace.name(), "orders")).create() != null);
io.tributary.operator.testing.Conflicts.retry(() -> 
          developer.resources(Pipeline.class).inNamespace(namespace.name()).withName("orders")
              .edit(p -> {
                p.getSpec().setTopicDeletionPolicy(io.tributary.api.v1alpha1.TopicDeletionPolicy.DELETE);
                return p;
              }));
          await("view allows reading it").atMost(AGGREGATED).pollInterval(Duration.ofSeconds(1))
              .ignoreException(KubernetesClientException.class)
              .until(() -> auditor.resources(Pipeline.class).inNamespace(namespace.name()).list().getItems().size() == 1);

          assertForbidden(() -> auditor.resources(Pipeline.class).inNamespace(namespace.name()).withName("orders")
              .delete());
          assertForbidden(() -> auditor.resource(pipeline(namespace.name(), "mine")).create());
          // status stays the operator's to write
          assertForbidden(() -> developer.genericKubernetesResources("tributary.io/v1alpha1", "Pipeline")
              .inNamespace(namespace.name()).withName("orders").subresource("status")
              .patch("{\"status\":{\"observedGeneration\":99}}"));
          // and the binding is the namespace's: nothing in another one
          assertForbidden(() -> developer.resource(pipeline(elsewhere, "orders")).create());
          assertForbidden(() -> auditor.resources(Pipeline.class).inNamespace(elsewhere).list());

          developer.resources(Pipeline.class).inNamespace(namespace.name()).withName("orders").delete();
        }
      } finally {
        admin.namespaces().withName(elsewhere).delete();
      }
    }
  }

  /** A ServiceAccount of {@code namespace} bound there to the built-in ClusterRole {@code role}; its token. */
  private static String userBoundTo(KubernetesClient admin, String namespace, String name, String role) {
    admin.serviceAccounts().inNamespace(namespace)
        .resource(new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    admin.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder()
        .withNewMetadata().withName(name + "-" + role).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(role).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace).endSubject()
        .build()).create();
    return admin.serviceAccounts().inNamespace(namespace).withName(name)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
  }

  private static Pipeline pipeline(String namespace, String name) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: %s}
        spec:
          kafka: {bootstrapServers: "127.0.0.1:9"}
          redis: {url: "redis://127.0.0.1:9/0"}
          topics:
            - {name: orders, partitions: 1, replicas: 1}
        """.formatted(name, namespace), Pipeline.class);
  }

  private static void assertForbidden(Runnable request) {
    assertThatThrownBy(request::run).isInstanceOfSatisfying(KubernetesClientException.class,
        e -> assertThat(e.getCode()).as("HTTP status of %s", e.getMessage()).isEqualTo(403));
  }
}
