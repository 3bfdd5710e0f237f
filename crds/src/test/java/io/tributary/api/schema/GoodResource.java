package io.tributary.api.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A resource our CRDs accept: an example document or a valid variant near a rule's edge. Both the
 * real API server and {@link CrdSchemaValidator} must accept it.
 *
 * @param what what it shows, in a few words (the test's name)
 * @param yaml the whole resource
 */
public record GoodResource(String what, String yaml) {

  /** The resource as a JSON tree. */
  public JsonNode object() {
    return YamlDocuments.readOne(yaml);
  }

  @Override
  public String toString() {
    return what;
  }
}
