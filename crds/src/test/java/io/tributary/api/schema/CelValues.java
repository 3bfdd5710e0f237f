package io.tributary.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts JSON values to the values CEL sees in the API server: objects become maps, arrays
 * lists, integers {@code long}, numbers {@code double} (also when written without a fraction,
 * because the schema says number), strings, booleans and {@code null}. Declared fields are keyed
 * by the name rules use for them ({@code namespace} as {@code __namespace__}, see {@link CelNames}).
 */
final class CelValues {

  private CelValues() {
  }

  static Object toCel(JsonNode value, JsonNode schema) {
    String type = schema == null ? "" : schema.path("type").asText("");
    if (value == null || value.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        celName(schema, field.getKey()).ifPresent(name ->
            map.put(name, toCel(field.getValue(), childSchema(schema, field.getKey()))));
      }
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      JsonNode items = schema == null ? null : schema.get("items");
      value.forEach(item -> list.add(toCel(item, items)));
      return list;
    }
    if (value.isNumber()) {
      if (type.equals("number") || !value.isIntegralNumber()) {
        return value.asDouble();
      }
      return value.asLong();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.asText();
  }

  /** Declared properties go by their escaped CEL name ({@link CelNames}); map keys stay as they are. */
  private static Optional<String> celName(JsonNode schema, String name) {
    boolean property = schema != null && schema.path("properties").has(name);
    return property ? CelNames.escape(name) : Optional.of(name);
  }

  private static JsonNode childSchema(JsonNode schema, String name) {
    if (schema == null) {
      return null;
    }
    JsonNode properties = schema.get("properties");
    if (properties != null && properties.has(name)) {
      return properties.get(name);
    }
    JsonNode additional = schema.get("additionalProperties");
    return additional != null && additional.isObject() ? additional : null;
  }
}
