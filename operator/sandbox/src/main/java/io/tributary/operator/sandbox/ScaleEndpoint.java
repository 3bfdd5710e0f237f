package io.tributary.operator.sandbox;

import static io.tributary.operator.sandbox.ApiResponses.JSON_PATCH;
import static io.tributary.operator.sandbox.ApiResponses.MERGE_PATCH;
import static io.tributary.operator.sandbox.ApiResponses.json;
import static io.tributary.operator.sandbox.ApiResponses.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;

/**
 * GET, PUT and PATCH of a custom resource's {@code /scale} against the stored object, as a real
 * API server answers them: the {@link ScaleSubresource Scale} of the object; a write sets the
 * object's replicas (and nothing else) and answers with the new Scale. A Scale that names a
 * {@code resourceVersion} other than the object's is a 409, as is any conflicting write.
 */
final class ScaleEndpoint {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 5;

  /** The store, by the object's path ({@code .../workers/<name>}). */
  interface Store {
    MockResponse get(String path);

    /** Applies a JSON patch (RFC 6902) to the object. */
    MockResponse jsonPatch(String path, String patch);
  }

  private final Store store;

  ScaleEndpoint(Store store) {
    this.store = store;
  }

  MockResponse answer(RecordedRequest request, ScaleSubresource.Target target, ScaleSubresource scale) {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("PUT") && !method.equals("PATCH")) {
      return status(405, "MethodNotAllowed", method + " is not supported on the scale subresource");
    }
    String name = target.resourcePath().substring(target.resourcePath().lastIndexOf('/') + 1);
    try {
      // a write in between makes the replicas patch a 409 (it names the version read): read again
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        MockResponse current = store.get(target.resourcePath());
        if (current.code() != 200) {
          return status(404, "NotFound", target.plural() + " \"" + name + "\" not found");
        }
        ObjectNode before = scale.scaleOf(JSON.readTree(current.getBody().readUtf8()));
        if (method.equals("GET")) {
          return json(200, before.toString());
        }
        JsonNode requested = requested(request, before);
        if (requested == null) {
          return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted"
              + " media types include: " + JSON_PATCH + ", " + MERGE_PATCH);
        }
        String version = requested.path("metadata").path("resourceVersion").asText("");
        String currentVersion = before.path("metadata").path("resourceVersion").asText();
        if (!version.isEmpty() && !version.equals(currentVersion)) {
          return conflict(target, name);
        }
        JsonNode replicas = requested.path("spec").path("replicas");
        if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
          return status(422, "Invalid", "Scale.autoscaling \"" + name + "\" is invalid: spec.replicas: Invalid value: "
              + replicas + ": must be greater than or equal to 0");
        }
        MockResponse written = store.jsonPatch(target.resourcePath(),
            scale.replicasPatch(replicas.asInt(), currentVersion).toString());
        if (written.code() == 409) {
          continue;
        }
        if (written.code() >= 300) {
          return written;
        }
        return json(200, scale.scaleOf(JSON.readTree(written.getBody().readUtf8())).toString());
      }
      return conflict(target, name);
    } catch (IOException | RuntimeException e) {
      // zjsonpatch throws unchecked exceptions for patches that do not apply
      return status(400, "BadRequest", "cannot apply the request to the Scale: " + e.getMessage());
    }
  }

  /** The Scale a PUT or PATCH asks for, given the current one; null for an unknown patch type. */
  private static JsonNode requested(RecordedRequest request, ObjectNode current) throws IOException {
    JsonNode body = JSON.readTree(request.getBody().getBytes());
    if (request.getMethod().equals("PUT")) {
      return body;
    }
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    if (contentType.startsWith(JSON_PATCH)) {
      return JsonPatch.apply(body, current);
    }
    if (contentType.startsWith(MERGE_PATCH)) {
      return JsonMergePatch.apply(current, body);
    }
    return null;
  }

  private static MockResponse conflict(ScaleSubresource.Target target, String name) {
    return status(409, "Conflict", "Operation cannot be fulfilled on " + target.plural() + " \"" + name
        + "\": the object has been modified; please apply your changes to the latest version and try again");
  }
}
