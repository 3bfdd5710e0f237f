package io.tributary.runtime.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one ingest request body: one JSON object is one record; an object whose only
 * field is {@code records} holding a list is a batch. Every record must be a JSON object and, when
 * the producer has a {@code key} field, carry it as a text, number or boolean. The whole batch is
 * checked before anything is sent, so a bad request sends nothing.
 *
 * @param records the records in request order
 * @param keys the Kafka key of each record (null entries when the producer has no key field)
 */
record IngestBatch(List<ObjectNode> records, List<String> keys) {
  private static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * @throws IngestRejection 400 for a body that is no JSON, no object, or holds a bad record
   *     (naming its index); 413 for more than {@code maxBatch} records
   */
  static IngestBatch parse(byte[] body, int maxBatch, String keyField) throws IngestRejection {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IngestRejection(400, "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IngestRejection(400, "the body cannot be read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new IngestRejection(400, "the body is empty; send one JSON object or {\"records\": [...]}");
    }
    if (!root.isObject()) {
      throw new IngestRejection(400, "the body is not a JSON object; send one JSON object or "
          + "{\"records\": [...]}");
    }
    List<JsonNode> items = new ArrayList<>();
    if (root.size() == 1 && root.has("records")) {
      JsonNode list = root.get("records");
      if (!list.isArray()) {
        throw new IngestRejection(400, "\"records\" is not a list");
      }
      if (list.size() > maxBatch) {
        throw new IngestRejection(413, "the batch has " + list.size() + " records; at most "
            + maxBatch + " are allowed (maxBatch)");
      }
      list.forEach(items::add);
    } else {
      items.add(root);
    }
    List<ObjectNode> records = new ArrayList<>(items.size());
    List<String> keys = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!item.isObject()) {
        throw new IngestRejection(400, "record " + i + " is not a JSON object", i);
      }
      keys.add(keyOf((ObjectNode) item, keyField, i));
      records.add((ObjectNode) item);
    }
    return new IngestBatch(records, keys);
  }

  private static String keyOf(ObjectNode record, String keyField, int index) throws IngestRejection {
    if (keyField == null) {
      return null;
    }
    JsonNode key = record.get(keyField);
    if (key == null || key.isNull()) {
      throw new IngestRejection(400, "record " + index + " has no key field \"" + keyField + "\"",
          index);
    }
    if (!key.isValueNode()) {
      throw new IngestRejection(400, "record " + index + ": key field \"" + keyField + "\" is "
          + (key.isArray() ? "a list" : "an object") + ", not a text, number or boolean", index);
    }
    return key.asText();
  }
}
