package io.tributary.api.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A mistake a user can make in one of our resources, and how it is refused: the field path and a
 * part of the message that {@code kubectl apply} shows. Both the real API server and
 * {@link CrdSchemaValidator} must refuse it with this path and message.
 *
 * @param what    what is wrong, in a few words (the test's name)
 * @param yaml    the whole resource
 * @param path    the offending field, in the API server's format, e.g. {@code spec.processors[0].cacheLatest.ttl}
 * @param message text the error's message must contain
 */
public record BadResource(String what, String yaml, String path, String message) {

  /** The resource as a JSON tree. */
  public JsonNode object() {
    return YamlDocuments.readOne(yaml);
  }

  /** Whether an error at {@code errorPath} with {@code errorMessage} is the refusal this case expects. */
  public boolean isRefusedBy(String errorPath, String errorMessage) {
    return path.equals(errorPath) && errorMessage != null && errorMessage.contains(message);
  }

  /**
   * Whether the API server refuses this case while decoding the request (HTTP 400, a field its
   * schema does not declare) rather than while validating the decoded object (HTTP 422).
   */
  public boolean isUnknownField() {
    return message.startsWith("unknown field");
  }

  @Override
  public String toString() {
    return what;
  }
}
