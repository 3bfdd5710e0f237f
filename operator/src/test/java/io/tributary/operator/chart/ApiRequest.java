package io.tributary.operator.chart;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Kubernetes API request as RBAC sees it: the namespace (empty for cluster-wide or
 * cluster-scoped requests), the API group ({@code ""} = core), the resource (with
 * {@code /subresource}) and the verb.
 */
record ApiRequest(String namespace, String group, String resource, String verb) {

  /** The (group, resource, verb) triple, without the namespace. */
  Permission permission() {
    return new Permission(group, resource, verb);
  }

  /** What a rule of a Role or ClusterRole can grant. */
  record Permission(String group, String resource, String verb) implements Comparable<Permission> {
    @Override
    public int compareTo(Permission other) {
      return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
  }

  /**
   * The RBAC view of an HTTP request, or empty for non-resource URLs ({@code /version},
   * {@code /api}, {@code /apis}: discovery, open to every authenticated user).
   */
  static Optional<ApiRequest> of(String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    List<String> segments = Arrays.stream(uri.getPath().split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    List<String> rest;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      rest = segments.subList(2, segments.size());
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      rest = segments.subList(3, segments.size());
    } else {
      return Optional.empty();
    }
    String namespace = "";
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0);
    boolean named = rest.size() >= 2;
    if (rest.size() >= 3) {
      resource = resource + "/" + rest.get(2);
    }
    boolean watch = uri.getQuery() != null && Arrays.asList(uri.getQuery().split("&")).contains("watch=true");
    String verb = switch (method) {
      case "GET" -> watch ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase();
    };
    return Optional.of(new ApiRequest(namespace, group, resource, verb));
  }

  @Override
  public String toString() {
    return permission() + (namespace.isEmpty() ? " (cluster-wide)" : " in " + namespace);
  }
}
