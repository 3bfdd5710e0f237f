package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The {@code scale} subresource of a custom resource whose CRD version declares
 * {@code subresources.scale}, as a real API server serves it: an {@code autoscaling/v1} Scale
 * whose {@code spec.replicas}, {@code status.replicas} and {@code status.selector} are read at
 * the CRD's {@code specReplicasPath}, {@code statusReplicasPath} and {@code labelSelectorPath}.
 * The mock server would answer {@code /scale} with the whole object, which {@code kubectl scale}
 * cannot decode. Pure: objects come in and go out as JSON.
 *
 * @param specReplicasPath e.g. {@code .spec.replicas}
 * @param statusReplicasPath e.g. {@code .status.replicas}
 * @param labelSelectorPath e.g. {@code .status.selector}; empty if the CRD has none
 */
record ScaleSubresource(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {

  /** The path of a scale request, split. */
  record Target(String groupVersion, String plural, String resourcePath) {

    /**
     * {@code /apis/<group>/<version>[/namespaces/<ns>]/<plural>/<name>/scale} (without query),
     * else empty.
     */
    static Optional<Target> of(String path) {
      String[] parts = path.split("/");
      if (parts.length < 7 || !parts[1].equals("apis") || !parts[parts.length - 1].equals("scale")) {
        return Optional.empty();
      }
      boolean namespaced = parts[4].equals("namespaces");
      if (parts.length != (namespaced ? 9 : 7)) {
        return Optional.empty();
      }
      return Optional.of(new Target(parts[2] + "/" + parts[3], parts[parts.length - 3],
          path.substring(0, path.length() - "/scale".length())));
    }
  }

  /** The scale subresource of a CRD version ({@code spec.versions[]} entry), if it declares one. */
  static Optional<ScaleSubresource> of(JsonNode crdVersion) {
    JsonNode scale = crdVersion.path("subresources").path("scale");
    if (!scale.isObject()) {
      return Optional.empty();
    }
    return Optional.of(new ScaleSubresource(scale.path("specReplicasPath").asText(".spec.replicas"),
        scale.path("statusReplicasPath").asText(".status.replicas"), scale.path("labelSelectorPath").asText("")));
  }

  /** The Scale of {@code resource}; replicas that are not set count as 0, as in Kubernetes. */
  ObjectNode scaleOf(JsonNode resource) {
    ObjectNode scale = JsonNodeFactory.instance.objectNode().put("apiVersion", "autoscaling/v1").put("kind", "Scale");
    JsonNode metadata = resource.path("metadata");
    ObjectNode scaleMetadata = scale.putObject("metadata");
    for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      if (metadata.hasNonNull(field)) {
        scaleMetadata.set(field, metadata.get(field));
      }
    }
    scale.putObject("spec").put("replicas", at(resource, specReplicasPath).asInt(0));
    ObjectNode status = scale.putObject("status").put("replicas", at(resource, statusReplicasPath).asInt(0));
    if (!labelSelectorPath.isEmpty() && at(resource, labelSelectorPath).isTextual()) {
      status.put("selector", at(resource, labelSelectorPath).asText());
    }
    return scale;
  }

  /**
   * The JSON patch (RFC 6902) that sets the resource's replicas to {@code replicas}, made only
   * against {@code resourceVersion} (the server answers 409 if the object changed since).
   */
  ArrayNode replicasPatch(int replicas, String resourceVersion) {
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    patch.addObject().put("op", "add").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
    // "add" also replaces, and the mock server creates the missing parent objects first
    patch.addObject().put("op", "add").put("path", pointer(specReplicasPath)).put("value", replicas);
    return patch;
  }

  /** The value at a dotted path ({@code .status.replicas}); missing if any step is. */
  private static JsonNode at(JsonNode resource, String dottedPath) {
    return resource.at(pointer(dottedPath));
  }

  /** {@code .spec.replicas} as a JSON pointer: {@code /spec/replicas}. */
  private static String pointer(String dottedPath) {
    StringBuilder pointer = new StringBuilder();
    for (String step : dottedPath.replaceFirst("^\\.", "").split("\\.")) {
      pointer.append('/').append(step.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }
}
