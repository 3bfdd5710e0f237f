package io.tributary.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON merge patch (RFC 7386), the patch {@code kubectl apply} and {@code kubectl patch --type
 * merge} send for custom resources: objects merge key by key, {@code null} removes a key, and
 * anything else, lists included, replaces the target's value. The fabric8 mock server merges with
 * Jackson's {@code readerForUpdating}, which appends lists and stores nulls, so a re-applied
 * Worker with one more processor would have all the old ones twice. Pure.
 */
final class JsonMergePatch {
  private JsonMergePatch() {}

  /** {@code target} with {@code patch} applied; neither is modified. */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject()
        ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }
}
