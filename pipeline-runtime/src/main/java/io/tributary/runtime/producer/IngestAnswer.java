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
 * @param ingest whether it answers an ingest request (counted in {@code /stats} and the
 *     {@code http.ingest.requests} meter); false for the health and stats answers
 * @param correlationId the correlation id the request ended up with when it is not the one
 *     chosen from its headers (a batch body's {@code correlationIdField}); null otherwise
 */
record IngestAnswer(int status, ObjectNode body, Map<String, String> headers, boolean ingest, String correlationId) {
  IngestAnswer(int status, ObjectNode body, Map<String, String> headers) {
    this(status, body, headers, true, null);
  }

  /** Seconds a client is told to wait ({@code Retry-After}) after a 429 or 503. */
  static final String RETRY_AFTER_SECONDS = "1";

  static IngestAnswer accepted(int records, String correlationId) {
    return new IngestAnswer(202, JsonNodeFactory.instance.objectNode().put("accepted", records), Map.of(), true,
        correlationId);
  }

  /** A health or stats answer: not an ingest request. */
  static IngestAnswer info(int status, ObjectNode body) {
    return new IngestAnswer(status, body, Map.of(), false, null);
  }

  /** The same answer, counted as a health or stats answer. */
  IngestAnswer asInfo() {
    return new IngestAnswer(status, body, headers, false, correlationId);
  }

  /** The same answer, for a request whose correlation id is {@code id}. */
  IngestAnswer withCorrelationId(String id) {
    return new IngestAnswer(status, body, headers, ingest, id);
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
