package io.tributary.runtime.producer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one ingest request body: one JSON object is one record; an object whose only
 * field is {@code records} holding a list is a batch. Every record must be a JSON object and, when
 * the producer has a {@code key} field, carry it as a text, number or boolean. The whole batch is
 * checked before anything is sent, so a bad request sends nothing.
 *
 * <p>Each record is kept as the client wrote it, byte for byte from its {@code {} to its
 * {@code }}: a parsed and re-serialised record would have its numbers rewritten
 * ({@code 12345678901234567890.123} as {@code 1.2345678901234567E19}, {@code 1e400} as the text
 * {@code "Infinity"}) and its whitespace and escapes changed. The body must be UTF-8, as JSON
 * exchanged between systems must be (RFC 8259); the record bytes are checked strictly.
 *
 * @param records the records in request order
 */
record IngestBatch(List<Record> records) {
  private static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * One record of the batch.
   *
   * @param json the record's own text, exactly the bytes the client sent for it (UTF-8)
   * @param bytes its length in bytes
   * @param key the Kafka key, null when the producer has no key field; a number's key is its text
   *     as sent ({@code 1.50} stays {@code 1.50})
   */
  record Record(String json, int bytes, String key) {}

  /**
   * @throws IngestRejection 400 for a body that is no JSON, no UTF-8, no object, or holds a bad
   *     record (naming its index); 413 for more than {@code maxBatch} records
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
    boolean batch = root.size() == 1 && root.has("records");
    if (batch) {
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
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!item.isObject()) {
        throw new IngestRejection(400, "record " + i + " is not a JSON object", i);
      }
      checkKey((ObjectNode) item, keyField, i);
    }
    try {
      return new IngestBatch(ownBytes(body, batch, keyField));
    } catch (IOException e) {
      throw new IngestRejection(400, "the body cannot be read: " + e.getMessage());
    }
  }

  private static void checkKey(ObjectNode record, String keyField, int index) throws IngestRejection {
    if (keyField == null) {
      return;
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
  }

  /**
   * Walks the body (already known to be valid) a second time with a streaming parser, which
   * tells where each record's object starts and ends in the bytes, and reads each key field's text
   * as written.
   */
  private static List<Record> ownBytes(byte[] body, boolean batch, String keyField)
      throws IngestRejection, IOException {
    try (JsonParser parser = MAPPER.createParser(body)) {
      parser.nextToken(); // the body's object
      if (parser.currentTokenLocation().getByteOffset() < 0) {
        // Jackson detected UTF-16 or UTF-32: it then counts characters, not bytes
        throw new IngestRejection(400, "the body is not UTF-8; send JSON in UTF-8");
      }
      if (!batch) {
        return List.of(record(parser, body, keyField, 0));
      }
      // "records" more than once: the last list is the one the tree checked, so it is the one sent
      List<Record> records = List.of();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        parser.nextToken(); // [
        List<Record> list = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
          if (token == JsonToken.START_OBJECT) {
            list.add(record(parser, body, keyField, list.size()));
          } else {
            parser.skipChildren(); // only in an earlier list: the last one holds objects only
          }
        }
        records = list;
      }
      return records;
    }
  }

  /** The object at the parser's {@code {}, read up to its {@code }}. */
  private static Record record(JsonParser parser, byte[] body, String keyField, int index)
      throws IngestRejection, IOException {
    int start = (int) parser.currentTokenLocation().getByteOffset();
    String key = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      boolean isKey = parser.currentName().equals(keyField);
      JsonToken value = parser.nextToken();
      if (isKey && value.isScalarValue()) {
        key = parser.getText(); // the last one wins, as in the tree; a number's text as written
      }
      parser.skipChildren();
    }
    int end = (int) parser.currentLocation().getByteOffset(); // just after the }
    return new Record(utf8(body, start, end, index), end - start, key);
  }

  /** Strict: the text encodes back to exactly these bytes (a lenient decoder would replace bad ones). */
  private static String utf8(byte[] body, int start, int end, int index) throws IngestRejection {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body, start, end - start)).toString();
    } catch (CharacterCodingException e) {
      throw new IngestRejection(400, "record " + index + " is not valid UTF-8", index);
    }
  }
}
