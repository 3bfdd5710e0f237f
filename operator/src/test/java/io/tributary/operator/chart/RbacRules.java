package io.tributary.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The RBAC rules a chart rendering binds to the operator's ServiceAccount, evaluated the way the
 * API server's RBAC authorizer does (no wildcards to handle: the chart has none, a test says so).
 */
final class RbacRules {
  /** One rule of a Role (namespace set) or ClusterRole (namespace empty: every namespace and cluster-scoped). */
  record Rule(String source, String namespace, Set<String> groups, Set<String> resources, Set<String> verbs) {
    boolean allows(ApiRequest request) {
      boolean where = namespace.isEmpty() || namespace.equals(request.namespace());
      return where && groups.contains(request.group()) && resources.contains(request.resource())
          && verbs.contains(request.verb());
    }
  }

  private final List<Rule> rules;

  private RbacRules(List<Rule> rules) {
    this.rules = rules;
  }

  /** The rules of the (Cluster)Roles that the rendered (Cluster)RoleBindings bind to the ServiceAccount. */
  static RbacRules boundTo(RenderedChart chart, String serviceAccount, String serviceAccountNamespace) {
    List<Rule> rules = new ArrayList<>();
    for (String bindingKind : List.of("ClusterRoleBinding", "RoleBinding")) {
      for (JsonNode binding : chart.ofKind(bindingKind)) {
        boolean bound = false;
        for (JsonNode subject : binding.path("subjects")) {
          bound |= subject.path("kind").asText().equals("ServiceAccount")
              && subject.path("name").asText().equals(serviceAccount)
              && subject.path("namespace").asText().equals(serviceAccountNamespace);
        }
        if (!bound) {
          continue;
        }
        String roleKind = binding.at("/roleRef/kind").asText();
        String roleName = binding.at("/roleRef/name").asText();
        String bindingNamespace = binding.at("/metadata/namespace").asText("");
        JsonNode role = chart.ofKind(roleKind).stream()
            .filter(r -> r.at("/metadata/name").asText().equals(roleName)
                && (roleKind.equals("ClusterRole") || r.at("/metadata/namespace").asText().equals(bindingNamespace)))
            .findFirst()
            .orElseThrow(() -> new AssertionError(bindingKind + " " + binding.at("/metadata/name").asText()
                + " refers to " + roleKind + " " + roleName + ", which is not rendered"));
        // a RoleBinding grants a ClusterRole's rules in its own namespace only
        String namespace = bindingKind.equals("RoleBinding") ? bindingNamespace : "";
        String source = roleKind + " " + roleName + (namespace.isEmpty() ? "" : " in " + namespace);
        for (JsonNode rule : role.path("rules")) {
          rules.add(new Rule(source, namespace, strings(rule.path("apiGroups")), strings(rule.path("resources")),
              strings(rule.path("verbs"))));
        }
      }
    }
    return new RbacRules(rules);
  }

  /** The rules of (Cluster)Roles as if bound cluster-wide (a ClusterRoleBinding of each). */
  static RbacRules of(List<JsonNode> clusterRoles) {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode role : clusterRoles) {
      String source = role.path("kind").asText() + " " + role.at("/metadata/name").asText();
      for (JsonNode rule : role.path("rules")) {
        rules.add(new Rule(source, "", strings(rule.path("apiGroups")), strings(rule.path("resources")),
            strings(rule.path("verbs"))));
      }
    }
    return new RbacRules(rules);
  }

  boolean allows(ApiRequest request) {
    return rules.stream().anyMatch(r -> r.allows(request));
  }

  List<Rule> rules() {
    return rules;
  }

  /** Every (group, resource, verb) some rule grants, each with where it comes from. */
  Set<String> grants() {
    Set<String> grants = new TreeSet<>();
    for (Rule rule : rules) {
      for (ApiRequest.Permission p : permissions(rule)) {
        grants.add(p + " <- " + rule.source());
      }
    }
    return grants;
  }

  static List<ApiRequest.Permission> permissions(Rule rule) {
    List<ApiRequest.Permission> permissions = new ArrayList<>();
    for (String group : rule.groups()) {
      for (String resource : rule.resources()) {
        for (String verb : rule.verbs()) {
          permissions.add(new ApiRequest.Permission(group, resource, verb));
        }
      }
    }
    return permissions;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
