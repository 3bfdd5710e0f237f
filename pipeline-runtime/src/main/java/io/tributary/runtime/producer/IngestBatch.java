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
 * The records of one ingest request body. On the single-record path ({@link Shape#single}) the body
 * is one JSON object, one record. On the batch path it is an object whose records field (default
 * {@code records}) holds the list, beside which only the correlation id field (when configured)
 * may stand; any other top-level field is refused, naming it. Without a single-record path the
 * batch path also takes a body without the records field as one record. Every record must be a
 * JSON object and, when the producer has a {@code key} field, carry it as a text, number or
 * boolean. The whole batch is checked before anything is sent, so a bad request sends nothing.
 *
 * <p>Each record is kept as the client wrote it, byte for byte from its {@code {} to its
 * {@code }}, inside the wrapper too: a parsed and re-serialised record would have its numbers
 * rewritten ({@code 12345678901234567890.123} as {@code 1.2345678901234567E19}, {@code 1e400} as
 * the text {@code "Infinity"}) and its whitespace and escapes changed. The body must be UTF-8, as
 * JSON exchanged between systems must be (RFC 8259); the record bytes are checked strictly.
 *
 * @param records the records in request order
 * @param correlationId the batch body's correlation id field, null when absent or not configured
 */
record IngestBatch(List<Record> records, String correlationId) {
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
   * What a body on one path may be.
   *
   * @param recordsField the batch body's list field; null on the single-record path
   * @param correlationIdField the batch body's correlation id field, null for none
   * @param singlePath where single records go when the batch path takes batches only; null when
   *     the batch path takes a single record too (or on the single-record path)
   */
  record Shape(String recordsField, String correlationIdField, String singlePath) {
    /** The single-record path: the body is one record. */
    static Shape single() {
      return new Shape(null, null, null);
    }

    /** The batch path of {@code http}. */
    static Shape batch(io.tributary.runtime.config.SourceConfig.Http http) {
      return new Shape(http.recordsField(), http.correlationIdField(), http.singlePath());
    }

    boolean takesSingle() {
      return recordsField == null || singlePath == null;
    }

    String hint() {
      if (recordsField == null) {
        return "send one JSON object";
      }
      String batch = "{\"" + recordsField + "\": [...]" + (correlationIdField == null ? "" : ", \"" + correlationIdField + "\": \"...\"") + "}";
      return singlePath == null ? "send one JSON object or " + batch : "send " + batch + " (one record: POST it to " + singlePath + ")";
    }
  }

  /** The default batch path: {@code {"records": [...]}} or one record. */
  static IngestBatch parse(byte[] body, int maxBatch, String keyField) throws IngestRejection {
    return parse(body, new Shape(io.tributary.runtime.config.SourceConfig.Http.DEFAULT_RECORDS_FIELD, null, null),
        maxBatch, keyField);
  }

  /**
   * @throws IngestRejection 400 for a body that is no JSON, no UTF-8, no object, has a top-level
   *     field a batch body does not have (naming it), or holds a bad record (naming its index);
   *     413 for more than {@code maxBatch} records
   */
  static IngestBatch parse(byte[] body, Shape shape, int maxBatch, String keyField) throws IngestRejection {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IngestRejection(400, "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IngestRejection(400, "the body cannot be read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new IngestRejection(400, "the body is empty; " + shape.hint());
    }
    if (!root.isObject()) {
      throw new IngestRejection(400, "the body is not a JSON object; " + shape.hint());
    }
    List<JsonNode> items = new ArrayList<>();
    String records = shape.recordsField();
    JsonNode list = records == null ? null : root.get(records);
    // a record may have a field of that name (not a list): it is a batch when the field holds a
    // list, or is all there is besides the correlation id
    String idField = shape.correlationIdField();
    boolean batch = list != null && (list.isArray() || !shape.takesSingle()
        || root.size() == (idField != null && root.has(idField) ? 2 : 1));
    String correlationId = null;
    if (batch) {
      if (!list.isArray()) {
        throw new IngestRejection(400, "\"" + records + "\" is not a list");
      }
      for (java.util.Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals(records) && !name.equals(shape.correlationIdField())) {
          throw new IngestRejection(400, "unknown top-level field \"" + name + "\" next to \"" + records
              + "\"; " + shape.hint());
        }
      }
      if (shape.correlationIdField() != null && root.hasNonNull(shape.correlationIdField())) {
        JsonNode id = root.get(shape.correlationIdField());
        if (!id.isTextual()) {
          throw new IngestRejection(400, "\"" + shape.correlationIdField() + "\" is not a text; send the correlation id as a string");
        }
        correlationId = id.asText();
      }
      if (list.size() > maxBatch) {
        throw new IngestRejection(413, "the batch has " + list.size() + " records; at most "
            + maxBatch + " are allowed (maxBatch)");
      }
      list.forEach(items::add);
    } else if (shape.takesSingle()) {
      items.add(root);
    } else {
      throw new IngestRejection(400, "the body has no \"" + records + "\" field; " + shape.hint());
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (!item.isObject()) {
        throw new IngestRejection(400, "record " + i + " is not a JSON object", i);
      }
      checkKey((ObjectNode) item, keyField, i);
    }
    try {
      return new IngestBatch(ownBytes(body, batch ? records : null, keyField), correlationId);
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
   *
   * @param recordsField the batch body's list field, null when the body is one record
   */
  private static List<Record> ownBytes(byte[] body, String recordsField, String keyField)
      throws IngestRejection, IOException {
    try (JsonParser parser = MAPPER.createParser(body)) {
      parser.nextToken(); // the body's object
      if (parser.currentTokenLocation().getByteOffset() < 0) {
        // Jackson detected UTF-16 or UTF-32: it then counts characters, not bytes
        throw new IngestRejection(400, "the body is not UTF-8; send JSON in UTF-8");
      }
      if (recordsField == null) {
        return List.of(record(parser, body, keyField, 0));
      }
      // the records field more than once: the last list is the one the tree checked, so it is the one sent
      List<Record> records = List.of();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean isList = parser.currentName().equals(recordsField);
        JsonToken value = parser.nextToken();
        if (!isList || value != JsonToken.START_ARRAY) {
          parser.skipChildren(); // the correlation id, or an earlier records field that was no list
          continue;
        }
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
