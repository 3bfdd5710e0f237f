package io.tributary.operator.chart;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The chart's RBAC, rendered by Helm for one release and applied to a real API server: the
 * ServiceAccount, the ClusterRole(s) and Role(s) and their bindings exactly as rendered (optionally
 * with one permission taken out), and a token of that ServiceAccount from the TokenRequest API.
 * Closing it deletes the cluster-scoped objects; the namespaced ones go with their namespaces.
 */
final class ChartRbac implements AutoCloseable {
  private static final Set<String> RBAC_KINDS = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
      "RoleBinding");

  private final KubernetesClient admin;
  private final RenderedChart chart;
  private final String serviceAccount;
  private final String namespace;
  private final Optional<ApiRequest.Permission> removed;
  private final List<HasMetadata> clusterScoped = new ArrayList<>();

  private ChartRbac(KubernetesClient admin, RenderedChart chart, Optional<ApiRequest.Permission> removed) {
    this.admin = admin;
    this.chart = chart;
    JsonNode account = chart.ofKind("ServiceAccount").stream().findFirst()
        .orElseThrow(() -> new AssertionError("the chart rendered no ServiceAccount: " + chart.names()));
    this.serviceAccount = account.at("/metadata/name").asText();
    this.namespace = account.at("/metadata/namespace").asText();
    this.removed = removed;
  }

  /**
   * {@code helm template <release> helm/tributary --namespace <namespace> -f <values>}: the release
   * name makes the cluster-scoped names (ClusterRole, ClusterRoleBinding) unique per test run.
   */
  static RenderedChart render(String release, String namespace, String valuesYaml) {
    try {
      Path values = Files.createTempFile("tributary-values-", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        return RenderedChart.render(c -> c.withName(release).withNamespace(namespace).withValuesFile(values));
      } finally {
        Files.deleteIfExists(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Applies the rendered RBAC objects (without {@code removed}, if given) and waits until the API
   * server's authorizer answers for them: everything granted, the removed permission refused.
   */
  static ChartRbac apply(KubernetesClient admin, RenderedChart chart, Optional<ApiRequest.Permission> removed) {
    ChartRbac rbac = new ChartRbac(admin, chart, removed);
    try {
      rbac.create();
      rbac.awaitAuthorizer();
      return rbac;
    } catch (RuntimeException | AssertionError e) {
      rbac.close();
      throw e;
    }
  }

  /** Every permission the rendered chart binds to its ServiceAccount, in a stable order. */
  static List<ApiRequest.Permission> permissions(RenderedChart chart, String serviceAccount, String namespace) {
    Set<ApiRequest.Permission> permissions = new TreeSet<>();
    for (RbacRules.Rule rule : RbacRules.boundTo(chart, serviceAccount, namespace).rules()) {
      permissions.addAll(RbacRules.permissions(rule));
    }
    return List.copyOf(permissions);
  }

  String serviceAccount() {
    return serviceAccount;
  }

  /** The ServiceAccount's namespace: the release namespace. */
  String namespace() {
    return namespace;
  }

  /** The user name the API server gives the ServiceAccount's tokens (as in the audit log). */
  String user() {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /** The rules that bind to the ServiceAccount, as rendered (the removed permission included). */
  RbacRules renderedRules() {
    return RbacRules.boundTo(chart, serviceAccount, namespace);
  }

  /** A token of the ServiceAccount, bound to no object, valid for an hour (TokenRequest API). */
  String token() {
    var request = admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build());
    return request.getStatus().getToken();
  }

  private void create() {
    for (JsonNode object : chart.objects()) {
      String kind = object.path("kind").asText();
      if (!RBAC_KINDS.contains(kind)) {
        continue;
      }
      JsonNode toApply = removed.isPresent() && object.has("rules") ? without(object, removed.get()) : object;
      HasMetadata resource = Serialization.unmarshal(toApply.toString());
      admin.resource(resource).create();
      if (kind.startsWith("Cluster")) {
        clusterScoped.add(resource);
      }
    }
  }

  /**
   * The (Cluster)Role with one permission less: each rule granting it is split into one rule per
   * (group, resource) with the other verbs, which grants the same minus that one.
   */
  static JsonNode without(JsonNode role, ApiRequest.Permission permission) {
    ObjectNode copy = role.deepCopy();
    ArrayNode rules = copy.putArray("rules");
    for (JsonNode rule : role.path("rules")) {
      RbacRules.Rule parsed = new RbacRules.Rule("", "", strings(rule.path("apiGroups")), strings(rule.path("resources")),
          strings(rule.path("verbs")));
      if (!RbacRules.permissions(parsed).contains(permission)) {
        rules.add(rule);
        continue;
      }
      for (String group : parsed.groups()) {
        for (String resource : parsed.resources()) {
          List<String> verbs = new ArrayList<>(parsed.verbs());
          if (group.equals(permission.group()) && resource.equals(permission.resource())) {
            verbs.remove(permission.verb());
          }
          if (!verbs.isEmpty()) {
            ObjectNode split = rules.addObject();
            split.putArray("apiGroups").add(group);
            split.putArray("resources").add(resource);
            verbs.forEach(split.putArray("verbs")::add);
          }
        }
      }
    }
    return copy;
  }

  /**
   * RBAC takes effect when the authorizer's caches see the objects: ask it (SubjectAccessReview,
   * as the API server would for a request of the ServiceAccount) until every rendered permission
   * is granted where its rule applies, and the removed one nowhere.
   */
  private void awaitAuthorizer() {
    List<Check> checks = new ArrayList<>();
    for (RbacRules.Rule rule : renderedRules().rules()) {
      for (ApiRequest.Permission p : RbacRules.permissions(rule)) {
        boolean granted = removed.map(r -> !r.equals(p)).orElse(true);
        checks.add(new Check(rule.namespace().isEmpty() ? namespace : rule.namespace(), p, granted));
      }
    }
    await("the authorizer applies " + chart.names()).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> checks.stream().allMatch(c -> allowed(c) == c.granted()));
  }

  private record Check(String namespace, ApiRequest.Permission permission, boolean granted) {}

  private boolean allowed(Check check) {
    String[] resource = check.permission().resource().split("/", 2);
    var review = admin.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
        .withNewSpec()
        .withUser(user())
        .withGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated")
        .withNewResourceAttributes()
        .withGroup(check.permission().group())
        .withResource(resource[0])
        .withSubresource(resource.length > 1 ? resource[1] : null)
        .withVerb(check.permission().verb())
        .withNamespace(check.namespace())
        .endResourceAttributes()
        .endSpec()
        .build());
    return Boolean.TRUE.equals(review.getStatus().getAllowed());
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  @Override
  public void close() {
    for (HasMetadata resource : clusterScoped) {
      admin.resource(resource).delete();
    }
  }
}
