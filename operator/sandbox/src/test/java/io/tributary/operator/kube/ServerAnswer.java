package io.tributary.operator.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the API server answered to a create: the HTTP status and, for a refusal, each field it
 * names with its message, as {@code kubectl} prints them ({@code spec.redis: Required value}).
 *
 * @param code   HTTP status: 201 created, 422 invalid (schema or CEL), 400 not decodable (strict
 *               field validation: a field the schema does not declare)
 * @param body   the response body (the object created, or a {@code Status})
 * @param errors the refusal's field errors; empty when the object was created
 */
record ServerAnswer(int code, String body, List<FieldError> errors) {

  /** One field the server names in a refusal. */
  record FieldError(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  // strict field validation reports undeclared fields in the Status message, without causes
  private static final Pattern UNKNOWN_FIELD = Pattern.compile("unknown field \"([^\"]+)\"");

  /** Reads a response: a refusal's {@code details.causes}, or the unknown fields its message lists. */
  static ServerAnswer of(int code, String body) {
    if (code / 100 == 2) {
      return new ServerAnswer(code, body, List.of());
    }
    JsonNode status;
    try {
      status = JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("the server's answer " + code + " is no Status: " + body, e);
    }
    List<FieldError> errors = new ArrayList<>();
    for (JsonNode cause : status.path("details").path("causes")) {
      errors.add(new FieldError(cause.path("field").asText(""), cause.path("message").asText("")));
    }
    Matcher unknown = UNKNOWN_FIELD.matcher(status.path("message").asText(""));
    while (unknown.find()) {
      errors.add(new FieldError(unknown.group(1), unknown.group()));
    }
    return new ServerAnswer(code, body, errors);
  }

  boolean created() {
    return code == 201;
  }

  @Override
  public String toString() {
    return "HTTP " + code + (errors.isEmpty() ? " " + body
        : errors.stream().map(FieldError::toString).collect(Collectors.joining("\n  ", "\n  ", "")));
  }
}
