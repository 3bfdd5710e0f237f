package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents {@code kubectl} reads before anything else ({@code /version},
 * {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>/<version>}), which the fabric8
 * mock server does not serve: the built-in kinds the operator and the local node use, and every
 * CRD the sandbox's API holds (names, short names, categories, subresources). Pure: the CRDs come
 * in as JSON.
 */
final class ApiDiscovery {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** A built-in resource: plural, kind, namespaced, short names. */
  private record BuiltIn(String plural, String kind, boolean namespaced, List<String> shortNames) {}

  private static final Map<String, List<BuiltIn>> BUILT_IN = new LinkedHashMap<>();

  static {
    BUILT_IN.put("v1", List.of(
        new BuiltIn("pods", "Pod", true, List.of("po")),
        new BuiltIn("services", "Service", true, List.of("svc")),
        new BuiltIn("configmaps", "ConfigMap", true, List.of("cm")),
        new BuiltIn("secrets", "Secret", true, List.of()),
        new BuiltIn("events", "Event", true, List.of("ev")),
        new BuiltIn("namespaces", "Namespace", false, List.of("ns"))));
    BUILT_IN.put("apps/v1", List.of(
        new BuiltIn("deployments", "Deployment", true, List.of("deploy")),
        new BuiltIn("replicasets", "ReplicaSet", true, List.of("rs"))));
    BUILT_IN.put("batch/v1", List.of(
        new BuiltIn("jobs", "Job", true, List.of()),
        new BuiltIn("cronjobs", "CronJob", true, List.of("cj"))));
    BUILT_IN.put("apiextensions.k8s.io/v1", List.of(
        new BuiltIn("customresourcedefinitions", "CustomResourceDefinition", false, List.of("crd", "crds"))));
    BUILT_IN.put("coordination.k8s.io/v1", List.of(new BuiltIn("leases", "Lease", true, List.of())));
  }

  private final List<JsonNode> crds;

  /** @param crds the CustomResourceDefinitions the API holds, as JSON objects */
  ApiDiscovery(List<JsonNode> crds) {
    this.crds = crds;
  }

  /**
   * Whether {@code path} (without query) is one of the discovery paths; cheap, so that the
   * dispatcher reads the CRDs only for those.
   */
  static boolean isDiscoveryPath(String path) {
    return path.equals("/version") || path.equals("/api") || path.equals("/api/v1") || path.equals("/apis")
        || path.startsWith("/apis/") && path.split("/").length == 4;
  }

  /** The discovery document of {@code path} (without query), if it is one. */
  Optional<String> answer(String path) {
    if (path.equals("/version")) {
      return Optional.of("{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-tributary-sandbox\","
          + "\"platform\":\"linux/amd64\"}");
    }
    if (path.equals("/api")) {
      return Optional.of("{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
          + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}");
    }
    if (path.equals("/api/v1")) {
      return Optional.of(resourceList("v1").toString());
    }
    if (path.equals("/apis")) {
      return Optional.of(groupList().toString());
    }
    String[] parts = path.split("/");
    // /apis/<group>/<version>
    if (parts.length == 4 && parts[1].equals("apis")) {
      String groupVersion = parts[2] + "/" + parts[3];
      ObjectNode list = resourceList(groupVersion);
      return list.path("resources").isEmpty() ? Optional.empty() : Optional.of(list.toString());
    }
    return Optional.empty();
  }

  private ObjectNode groupList() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    for (String groupVersion : BUILT_IN.keySet()) {
      if (groupVersion.contains("/")) {
        String[] gv = groupVersion.split("/");
        versions.computeIfAbsent(gv[0], g -> new java.util.ArrayList<>()).add(gv[1]);
      }
    }
    for (JsonNode crd : crds) {
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (version.path("served").asBoolean(true)) {
          List<String> list = versions.computeIfAbsent(crd.path("spec").path("group").asText(), g -> new java.util.ArrayList<>());
          if (!list.contains(version.path("name").asText())) {
            list.add(version.path("name").asText());
          }
        }
      }
    }
    ObjectNode document = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = document.putArray("groups");
    versions.forEach((group, names) -> {
      ObjectNode node = groups.addObject().put("name", group);
      ArrayNode list = node.putArray("versions");
      for (String name : names) {
        list.addObject().put("groupVersion", group + "/" + name).put("version", name);
      }
      node.putObject("preferredVersion").put("groupVersion", group + "/" + names.get(0)).put("version", names.get(0));
    });
    return document;
  }

  private ObjectNode resourceList(String groupVersion) {
    ObjectNode document = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", groupVersion);
    ArrayNode resources = document.putArray("resources");
    for (BuiltIn builtIn : BUILT_IN.getOrDefault(groupVersion, List.of())) {
      ObjectNode resource = resource(resources, builtIn.plural(), builtIn.plural().replaceAll("s$", ""),
          builtIn.kind(), builtIn.namespaced());
      builtIn.shortNames().forEach(resource.withArray("shortNames")::add);
      if (!builtIn.kind().equals("ConfigMap") && !builtIn.kind().equals("Secret") && !builtIn.kind().equals("Event")) {
        resource(resources, builtIn.plural() + "/status", "", builtIn.kind(), builtIn.namespaced());
      }
    }
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      for (JsonNode version : spec.path("versions")) {
        if (!groupVersion.equals(spec.path("group").asText() + "/" + version.path("name").asText())
            || !version.path("served").asBoolean(true)) {
          continue;
        }
        JsonNode names = spec.path("names");
        boolean namespaced = !"Cluster".equals(spec.path("scope").asText());
        ObjectNode resource = resource(resources, names.path("plural").asText(), names.path("singular").asText(),
            names.path("kind").asText(), namespaced);
        names.path("shortNames").forEach(n -> resource.withArray("shortNames").add(n.asText()));
        names.path("categories").forEach(n -> resource.withArray("categories").add(n.asText()));
        if (version.path("subresources").has("status")) {
          resource(resources, names.path("plural").asText() + "/status", "", names.path("kind").asText(), namespaced);
        }
        if (version.path("subresources").has("scale")) {
          // group and version of the Scale, as a real server says: kubectl's scale client encodes the Scale in them
          resource(resources, names.path("plural").asText() + "/scale", "", "Scale", namespaced)
              .put("group", "autoscaling").put("version", "v1");
        }
      }
    }
    return document;
  }

  private static ObjectNode resource(ArrayNode into, String name, String singular, String kind, boolean namespaced) {
    ObjectNode resource = into.addObject().put("name", name).put("singularName", singular)
        .put("namespaced", namespaced).put("kind", kind);
    ArrayNode verbs = resource.putArray("verbs");
    (name.contains("/") ? List.of("get", "patch", "update") : VERBS).forEach(verbs::add);
    return resource;
  }
}
