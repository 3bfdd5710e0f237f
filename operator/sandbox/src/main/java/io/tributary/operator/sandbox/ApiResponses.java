package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;

/** Answers the sandbox's API gives by itself, and requests it sends to its own store. */
final class ApiResponses {
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String JSON_PATCH = "application/json-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

  private ApiResponses() {}

  static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).addHeader("Content-Type", "application/json").setBody(body);
  }

  /** A {@code Status} failure, which kubectl turns into its message by {@code reason}. */
  static MockResponse status(int code, String reason, String message) {
    ObjectNode status = JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1")
        .put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    return json(code, status.toString());
  }

  /** A request to hand to the CRUD dispatcher's handlers. */
  static RecordedRequest request(String method, String path, String contentType, String body) {
    return new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path,
        Headers.builder().add("Content-Type", contentType).build(), new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }
}
