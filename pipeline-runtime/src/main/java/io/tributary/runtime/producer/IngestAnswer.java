package io.tributary.runtime.producer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the http source answers one request: the status, a JSON body and headers besides
 * {@code Content-Type}, {@code Content-Length} and {@code X-Correlation-ID}.
 *
 * @param status the HTTP status
 * @param body {@code {"accepted": n}} or {@code {"error": ..., "index": ...}}
 * @param headers e.g. {@code Retry-After}, {@code Allow}, {@code Accept}
 */
record IngestAnswer(int status, ObjectNode body, Map<String, String> headers) {
  /** Seconds a client is told to wait ({@code Retry-After}) after a 429 or 503. */
  static final String RETRY_AFTER_SECONDS = "1";

  static IngestAnswer accepted(int records) {
    return new IngestAnswer(202, JsonNodeFactory.instance.objectNode().put("accepted", records), Map.of());
  }

  /** The refusal's status and message; {@code Retry-After} for 429 and 503, which a retry can cure. */
  static IngestAnswer refused(IngestRejection rejection, Map<String, String> headers) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("error", rejection.getMessage());
    if (rejection.recordIndex() != null) {
      body.put("index", rejection.recordIndex());
    }
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (rejection.status() == 429 || rejection.status() == 503) {
      all.put("Retry-After", RETRY_AFTER_SECONDS);
    }
    return new IngestAnswer(rejection.status(), body, all);
  }

  static IngestAnswer refused(int status, String message) {
    return refused(new IngestRejection(status, message), Map.of());
  }
}
