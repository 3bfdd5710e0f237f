package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fabric8 CRUD dispatcher plus what {@code kubectl} needs from an API server on top of stored
 * objects: discovery ({@link ApiDiscovery}) and server-side tables for custom resources
 * ({@link ServerSideTable}), so that {@code kubectl --server <sandbox API> get tributary} shows
 * the same columns as in a cluster. Everything else is the CRUD dispatcher's.
 */
final class KubectlFriendlyDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  KubectlFriendlyDispatcher() {
    super(List.of());
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    String withoutQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if ("GET".equals(request.getMethod())) {
      Optional<String> discovery = new ApiDiscovery(crds()).answer(withoutQuery);
      if (discovery.isPresent()) {
        return json(200, discovery.get());
      }
    }
    MockResponse response = super.dispatch(request);
    String accept = request.getHeader("Accept");
    if ("GET".equals(request.getMethod()) && accept != null && accept.contains("as=Table") && response.code() == 200
        && !path.contains("watch=")) {
      return table(withoutQuery, response).orElse(response);
    }
    return response;
  }

  /** A Table for a custom resource path ({@code /apis/<group>/<version>/[namespaces/<ns>/]<plural>[/<name>]}). */
  private Optional<MockResponse> table(String path, MockResponse response) {
    String[] parts = path.split("/");
    if (parts.length < 5 || !parts[1].equals("apis")) {
      return Optional.empty();
    }
    String group = parts[2];
    String version = parts[3];
    int pluralAt = parts[4].equals("namespaces") && parts.length >= 7 ? 6 : 4;
    if (pluralAt >= parts.length) {
      return Optional.empty();
    }
    String plural = parts[pluralAt];
    for (JsonNode crd : crds()) {
      JsonNode spec = crd.path("spec");
      if (!spec.path("group").asText().equals(group) || !spec.path("names").path("plural").asText().equals(plural)) {
        continue;
      }
      for (JsonNode crdVersion : spec.path("versions")) {
        if (crdVersion.path("name").asText().equals(version)) {
          try {
            JsonNode body = JSON.readTree(response.getBody().readUtf8());
            return Optional.of(json(200, ServerSideTable.of(body, crdVersion, Instant.now()).toString()));
          } catch (IOException | RuntimeException e) {
            return Optional.empty();
          }
        }
      }
    }
    return Optional.empty();
  }

  private List<JsonNode> crds() {
    List<JsonNode> crds = new ArrayList<>();
    try {
      MockResponse list = super.handleGet(CRDS);
      JsonNode items = JSON.readTree(list.getBody().readUtf8()).path("items");
      items.forEach(crds::add);
    } catch (IOException | RuntimeException e) {
      // no CRDs readable: discovery lists the built-in kinds only
    }
    return crds;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).addHeader("Content-Type", "application/json").setBody(body);
  }
}
