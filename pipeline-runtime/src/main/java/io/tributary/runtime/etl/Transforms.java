package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.TransformConfig;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The ETL transforms, pure functions over a list of records, applied in order. */
final class Transforms {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Transforms() {}

  static List<ObjectNode> apply(List<TransformConfig> transforms, List<ObjectNode> records) {
    List<ObjectNode> current = records;
    for (TransformConfig transform : transforms) {
      current = switch (transform.kind()) {
        case "filter" -> current.stream().filter(transform.filter()::matches).toList();
        case "select" -> select(transform.select().fields(), current);
        case "dedupe" -> dedupe(transform.dedupe().fields(), current);
        case "aggregate" -> aggregate(transform.aggregate(), current);
        default -> throw new IllegalArgumentException("unknown transform " + transform.kind());
      };
    }
    return current;
  }

  /** Keeps only {@code fields} (those a record has), in that order. */
  static List<ObjectNode> select(List<String> fields, List<ObjectNode> records) {
    List<ObjectNode> out = new ArrayList<>(records.size());
    for (ObjectNode record : records) {
      ObjectNode selected = NODES.objectNode();
      for (String field : fields) {
        if (record.has(field)) {
          selected.set(field, record.get(field));
        }
      }
      out.add(selected);
    }
    return out;
  }

  /** Keeps the first record of each combination of {@code fields} values. */
  static List<ObjectNode> dedupe(List<String> fields, List<ObjectNode> records) {
    Set<List<JsonNode>> seen = new HashSet<>();
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode record : records) {
      if (seen.add(values(record, fields))) {
        out.add(record);
      }
    }
    return out;
  }

  /**
   * One record per {@code groupBy} combination (first-seen order): the group fields, then
   * {@code count} (records in the group), {@code sum_f}, {@code min_f}, {@code max_f} and
   * {@code avg_f = sum_f / n_f}, where {@code n_f} counts the group's records whose {@code f} is a
   * number (or numeric text, as CSV gives). A group without any numeric {@code f} gets null for
   * {@code f}'s statistics.
   */
  static List<ObjectNode> aggregate(TransformConfig.Aggregate spec, List<ObjectNode> records) {
    Map<List<JsonNode>, Group> groups = new LinkedHashMap<>();
    for (ObjectNode record : records) {
      groups.computeIfAbsent(values(record, spec.groupBy()), key -> new Group()).add(record);
    }
    List<ObjectNode> out = new ArrayList<>();
    for (Map.Entry<List<JsonNode>, Group> entry : groups.entrySet()) {
      ObjectNode result = NODES.objectNode();
      for (int i = 0; i < spec.groupBy().size(); i++) {
        result.set(spec.groupBy().get(i), entry.getKey().get(i));
      }
      Group group = entry.getValue();
      if (spec.count()) {
        result.put("count", group.records.size());
      }
      for (String field : spec.sum()) {
        result.set("sum_" + field, number(group.stats(field).sum, group.stats(field).n > 0));
      }
      for (String field : spec.min()) {
        result.set("min_" + field, number(group.stats(field).min, group.stats(field).n > 0));
      }
      for (String field : spec.max()) {
        result.set("max_" + field, number(group.stats(field).max, group.stats(field).n > 0));
      }
      for (String field : spec.avg()) {
        Stats stats = group.stats(field);
        result.set("avg_" + field, stats.n == 0 ? NODES.nullNode()
            : number(stats.sum.divide(BigDecimal.valueOf(stats.n), MathContext.DECIMAL64), true));
      }
      out.add(result);
    }
    return out;
  }

  private static List<JsonNode> values(ObjectNode record, List<String> fields) {
    List<JsonNode> values = new ArrayList<>(fields.size());
    for (String field : fields) {
      JsonNode value = record.get(field);
      values.add(value == null ? NODES.nullNode() : value);
    }
    return values;
  }

  private static JsonNode number(BigDecimal value, boolean present) {
    if (!present) {
      return NODES.nullNode();
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
      return NODES.numberNode(stripped.longValueExact());
    }
    return NODES.numberNode(stripped.doubleValue());
  }

  /** Numeric statistics of one field within a group. */
  private static final class Stats {
    long n;
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal min;
    BigDecimal max;

    void add(BigDecimal value) {
      n++;
      sum = sum.add(value);
      min = min == null || value.compareTo(min) < 0 ? value : min;
      max = max == null || value.compareTo(max) > 0 ? value : max;
    }
  }

  private static final class Group {
    final List<ObjectNode> records = new ArrayList<>();
    final Map<String, Stats> stats = new LinkedHashMap<>();

    void add(ObjectNode record) {
      records.add(record);
    }

    Stats stats(String field) {
      return stats.computeIfAbsent(field, f -> {
        Stats s = new Stats();
        for (ObjectNode record : records) {
          BigDecimal value = numeric(record.get(f));
          if (value != null) {
            s.add(value);
          }
        }
        return s;
      });
    }
  }

  static BigDecimal numeric(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual()) {
      try {
        return new BigDecimal(node.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
