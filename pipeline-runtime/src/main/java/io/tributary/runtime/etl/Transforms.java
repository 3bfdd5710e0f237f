package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.FilterConfig;
import io.tributary.runtime.config.RecordNumbers;
import io.tributary.runtime.config.TransformConfig;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ETL transforms, functions over a list of records, applied in order. A record is a bad row
 * when a field that a transform reads as a number holds one beyond the limits of
 * {@link RecordNumbers}: it is dropped, logged and counted, and the run goes on (such a number
 * used to fail every run, or to make each addition build a number of a million digits).
 */
final class Transforms {
  private static final Logger LOG = LoggerFactory.getLogger(Transforms.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Transforms() {}

  /**
   * The records after the transforms, and the bad rows dropped on the way.
   *
   * @param rejected records dropped because a field a transform reads as a number holds one
   *     beyond the limits of {@link RecordNumbers}
   */
  record Transformed(List<ObjectNode> records, long rejected) {}

  static Transformed apply(List<TransformConfig> transforms, List<ObjectNode> records) {
    BadRows bad = new BadRows();
    List<ObjectNode> current = records;
    for (int i = 0; i < transforms.size(); i++) {
      TransformConfig transform = transforms.get(i);
      String where = "transform[" + i + "]." + transform.kind();
      current = switch (transform.kind()) {
        case "filter" -> filter(where, transform.filter(), current, bad);
        case "select" -> select(transform.select().fields(), current);
        case "dedupe" -> dedupe(transform.dedupe().fields(), current);
        case "aggregate" -> aggregate(transform.aggregate(),
            withUsableNumbers(where, numericFields(transform.aggregate()), current, bad));
        default -> throw new IllegalArgumentException("unknown transform " + transform.kind());
      };
    }
    return new Transformed(current, bad.count);
  }

  /** Keeps the records {@code filter} matches; one it cannot compare is a bad row. */
  private static List<ObjectNode> filter(String where, FilterConfig filter, List<ObjectNode> records, BadRows bad) {
    List<ObjectNode> out = new ArrayList<>(records.size());
    for (ObjectNode record : records) {
      try {
        if (filter.matches(record)) {
          out.add(record);
        }
      } catch (RecordNumbers.OutOfRangeException e) {
        bad.add(where, e);
      }
    }
    return out;
  }

  /**
   * The records whose {@code fields} hold no number or a usable one, before any group sees them,
   * so that a bad row counts in no group at all; the others are bad rows.
   */
  private static List<ObjectNode> withUsableNumbers(String where, Set<String> fields, List<ObjectNode> records,
      BadRows bad) {
    if (fields.isEmpty()) {
      return records;
    }
    List<ObjectNode> out = new ArrayList<>(records.size());
    for (ObjectNode record : records) {
      String field = null;
      try {
        for (String f : fields) {
          field = f;
          RecordNumbers.read(record.get(f));
        }
        out.add(record);
      } catch (RecordNumbers.OutOfRangeException e) {
        bad.add(where, e.within("field \"" + field + "\": "));
      }
    }
    return out;
  }

  private static Set<String> numericFields(TransformConfig.Aggregate spec) {
    Set<String> fields = new LinkedHashSet<>();
    fields.addAll(spec.sum());
    fields.addAll(spec.min());
    fields.addAll(spec.max());
    fields.addAll(spec.avg());
    return fields;
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
      if (seen.add(identity(record, fields))) {
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
      groups.computeIfAbsent(identity(record, spec.groupBy()), key -> new Group(values(record, spec.groupBy())))
          .add(record);
    }
    List<ObjectNode> out = new ArrayList<>();
    for (Map.Entry<List<JsonNode>, Group> entry : groups.entrySet()) {
      ObjectNode result = NODES.objectNode();
      Group group = entry.getValue();
      for (int i = 0; i < spec.groupBy().size(); i++) {
        result.set(spec.groupBy().get(i), group.values.get(i)); // as the group's first record spells them
      }
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

  /**
   * What makes two records the same for {@code dedupe} and {@code groupBy}: the fields' values, a
   * number by its value ({@code 1.5}, {@code 1.50} and {@code 15e-1} are one; records keep every
   * number's digits since they are read exactly, and {@code DecimalNode.equals} compares scales),
   * anything else as it is.
   */
  private static List<JsonNode> identity(ObjectNode record, List<String> fields) {
    List<JsonNode> values = values(record, fields);
    for (int i = 0; i < values.size(); i++) {
      JsonNode value = values.get(i);
      if (value.isNumber()) {
        BigDecimal number = value.decimalValue();
        values.set(i, NODES.numberNode(number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros()));
      }
    }
    return values;
  }

  private static List<JsonNode> values(ObjectNode record, List<String> fields) {
    List<JsonNode> values = new ArrayList<>(fields.size());
    for (String field : fields) {
      JsonNode value = record.get(field);
      values.add(value == null ? NODES.nullNode() : value);
    }
    return values;
  }

  /**
   * The statistic exactly: an integer that fits a long as a long, anything else as the exact
   * decimal (never a double, which kept only 15-17 significant digits of a sum and turned
   * {@code 0.1 + 0.2} into {@code 0.30000000000000004}). Without an exponent: a sum of numbers within
   * {@link RecordNumbers}' limits has at most a few hundred digits, so its plain text is short.
   */
  private static JsonNode number(BigDecimal value, boolean present) {
    if (!present) {
      return NODES.nullNode();
    }
    if (value.signum() == 0) {
      return NODES.numberNode(0L);
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      stripped = stripped.setScale(0);
      if (stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
        return NODES.numberNode(stripped.longValueExact());
      }
    }
    return NODES.numberNode(stripped);
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
    /** The groupBy values of the group's first record. */
    final List<JsonNode> values;
    final List<ObjectNode> records = new ArrayList<>();

    Group(List<JsonNode> values) {
      this.values = values;
    }

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

  /** The field as a number, or null; only records checked by {@link #withUsableNumbers} come here. */
  static BigDecimal numeric(JsonNode node) {
    return RecordNumbers.read(node);
  }

  /** Counts and logs the bad rows of one run. */
  private static final class BadRows {
    long count;

    void add(String where, RecordNumbers.OutOfRangeException problem) {
      count++;
      LOG.warn("{}: skipping a record: {}", where, problem.getMessage());
    }
  }
}
