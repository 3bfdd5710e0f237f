package io.tributary.runtime.properties;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.FilterConfig;
import io.tributary.runtime.config.FilterOp;
import io.tributary.runtime.config.ProcessorConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reference model of a worker's processor chain: what Redis must hold, which records go to the
 * dead-letter topic and what is forwarded, computed record by record in input order without
 * Redis, from the documented rules (README "Delivery and failure behaviour", CONFIG.md numbers and
 * exact sums). A record either applies all its effects or, when any step fails, none of them and
 * is dead-lettered.
 */
public final class ChainModel {
  /** Reads records as the model sees them: every number exact, its digits as written. */
  public static final ObjectMapper EXACT = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  static final int MAX_TEXT_CHARS = 1000;
  static final int MAX_DIGITS = 100;
  static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1.7976931348623157E+308");
  static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-324");
  static final int SUM_DIGITS = 40;
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** Numbers compare by value (1.50 = 1.5 = 15e-1), everything else as Jackson's equals. */
  public static final Comparator<JsonNode> SAME = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  /** Expected Redis contents. */
  public final Map<String, JsonNode> strings = new LinkedHashMap<>();
  /** store: newest first, at most maxLen. */
  public final Map<String, List<JsonNode>> lists = new LinkedHashMap<>();
  public final Map<String, List<JsonNode>> streams = new LinkedHashMap<>();
  /** aggregate: count and sum_ fields. */
  public final Map<String, Map<String, BigDecimal>> hashes = new LinkedHashMap<>();
  public final Set<String> markers = new HashSet<>();
  /** Forwarded record values, per topic, in order. */
  public final Map<String, List<JsonNode>> forwards = new LinkedHashMap<>();
  /** Indexes of the records to dead-letter. */
  public final List<Integer> deadLettered = new ArrayList<>();
  /** Indexes of the records applied (their writes done, or dropped by a filter or a dedupe). */
  public final List<Integer> applied = new ArrayList<>();

  private final List<ProcessorConfig> chain;

  public ChainModel(List<ProcessorConfig> chain) {
    this.chain = chain;
  }

  /** A step failed: the record is dead-lettered and nothing of it happens. */
  public static final class Bad extends Exception {
    Bad(String message) {
      super(message);
    }
  }

  /** Takes the records in input order. */
  public ChainModel run(List<byte[]> values) {
    for (int i = 0; i < values.size(); i++) {
      try {
        apply(parse(values.get(i)));
        applied.add(i);
      } catch (Bad bad) {
        deadLettered.add(i);
      }
    }
    return this;
  }

  /** A JSON object whose texts are all proper UTF-16 (no unpaired surrogate), or Bad. */
  public static ObjectNode parse(byte[] value) throws Bad {
    JsonNode node;
    try {
      node = EXACT.readTree(value);
    } catch (Exception e) {
      throw new Bad("invalid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new Bad("no object");
    }
    if (!wellFormed(node)) {
      throw new Bad("unpaired surrogate");
    }
    return (ObjectNode) node;
  }

  private static boolean wellFormed(JsonNode node) {
    if (node.isTextual()) {
      return wellFormed(node.textValue());
    }
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      if (!wellFormed(member.getKey()) || !wellFormed(member.getValue())) {
        return false;
      }
    }
    for (JsonNode item : node) {
      if (node.isArray() && !wellFormed(item)) {
        return false;
      }
    }
    return true;
  }

  static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Works out every effect first, then applies them together (or throws Bad, applying none). As the
   * worker plans a record before anything is sent, the record's own checks (templates, numbers and
   * their digits) cover the whole chain up to a filter that drops it, also the steps after a dedupe
   * that finds its key (a duplicate with a bad amount is dead-lettered, README "Delivery"); what
   * only Redis can judge (a sum leaving its digits) is checked up to that dedupe.
   */
  private void apply(ObjectNode record) throws Bad {
    List<Runnable> effects = new ArrayList<>();
    boolean duplicate = false;
    int effective = -1; // effects before the dedupe that found its key
    Set<String> newMarkers = new HashSet<>();
    Map<String, Map<String, BigDecimal>> newSums = new HashMap<>();
    steps:
    for (ProcessorConfig step : chain) {
      switch (step.kind()) {
        case "filter" -> {
          if (!matches(step.filter(), record)) {
            break steps;
          }
        }
        case "cacheLatest" -> {
          String key = resolve(step.cacheLatest().key(), record);
          effects.add(() -> strings.put(key, record));
        }
        case "store" -> {
          String key = resolve(step.store().key(), record);
          long maxLen = step.store().maxLen();
          effects.add(() -> {
            List<JsonNode> list = lists.computeIfAbsent(key, k -> new ArrayList<>());
            list.add(0, record);
            while (list.size() > maxLen) {
              list.remove(list.size() - 1);
            }
          });
        }
        case "enqueue" -> {
          String key = resolve(step.enqueue().stream(), record);
          effects.add(() -> streams.computeIfAbsent(key, k -> new ArrayList<>()).add(record));
        }
        case "publish" -> resolve(step.publish().channel(), record);
        case "forward" -> {
          String topic = step.forward().topic();
          effects.add(() -> forwards.computeIfAbsent(topic, k -> new ArrayList<>()).add(record));
        }
        case "log" -> { }
        case "dedupe" -> {
          String key = resolve(step.dedupe().key(), record);
          if (duplicate || markers.contains(key) || newMarkers.contains(key)) {
            if (!duplicate) {
              effective = effects.size();
            }
            duplicate = true; // first wins: the rest of the chain has no effect, and that is no failure
            continue;
          }
          newMarkers.add(key);
          effects.add(() -> markers.add(key));
        }
        case "aggregate" -> {
          ProcessorConfig.Aggregate aggregate = step.aggregate();
          String key = resolve(aggregate.key(), record);
          Map<String, BigDecimal> planned = newSums.computeIfAbsent(key,
              k -> new HashMap<>(hashes.getOrDefault(k, Map.of())));
          if (aggregate.count()) {
            planned.merge("count", BigDecimal.ONE, BigDecimal::add);
          }
          for (String field : aggregate.sum()) {
            BigDecimal operand = number(record.get(field));
            if (operand == null) {
              throw new Bad("not a number");
            }
            operand = operand.signum() == 0 ? BigDecimal.ZERO : operand.stripTrailingZeros();
            checkDigits(operand);
            if (duplicate) {
              continue;
            }
            BigDecimal sum = planned.getOrDefault("sum_" + field, BigDecimal.ZERO).add(operand);
            checkDigits(sum.signum() == 0 ? BigDecimal.ZERO : sum.stripTrailingZeros());
            planned.put("sum_" + field, sum);
          }
          Map<String, BigDecimal> result = Map.copyOf(planned);
          effects.add(() -> hashes.put(key, new HashMap<>(result)));
        }
        default -> throw new IllegalArgumentException("the model has no " + step.kind());
      }
    }
    effects.subList(0, effective < 0 ? effects.size() : effective).forEach(Runnable::run);
  }

  private static void checkDigits(BigDecimal number) throws Bad {
    if (Math.max(0, number.scale()) > SUM_DIGITS || Math.max(0, number.precision() - number.scale()) > SUM_DIGITS) {
      throw new Bad("a sum keeps " + SUM_DIGITS + " + " + SUM_DIGITS + " digits");
    }
  }

  /** {@code {field}} placeholders filled with the field's text (numbers as the exact reader spells them). */
  public static String resolve(String template, ObjectNode record) throws Bad {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        out.append(template, i, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      out.append(template, i, open);
      JsonNode value = record.get(template.substring(open + 1, close));
      if (value == null || value.isNull() || !value.isValueNode()) {
        throw new Bad("cannot resolve " + template);
      }
      String text = value.asText();
      boolean last = close == template.length() - 1;
      String separator = last && open > 0 && ":/.|#;,=".indexOf(template.charAt(open - 1)) >= 0
          ? String.valueOf(template.charAt(open - 1)) : null;
      if (!safeInName(text, separator)) {
        throw new Bad("unsafe value in " + template);
      }
      out.append(text);
      i = close + 1;
    }
    return out.toString();
  }

  /**
   * CONFIG.md "Templates", written out again: a value is not empty, at most 256 bytes of UTF-8,
   * and has no glob character, no control character and, ending the template, not its separator.
   */
  static boolean safeInName(String value, String separator) {
    if (value.isEmpty() || value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 256) {
      return false;
    }
    if (value.chars().anyMatch(c -> "*?[]\\".indexOf(c) >= 0 || Character.getType(c) == Character.CONTROL
        || c == 0x2028 || c == 0x2029)) {
      return false;
    }
    return separator == null || !value.contains(separator);
  }

  /** The filter rule of CONFIG.md, written out again. */
  public static boolean matches(FilterConfig filter, ObjectNode record) throws Bad {
    JsonNode actual = record.get(filter.field());
    if (actual == null || actual.isNull()) {
      return false;
    }
    if (filter.op() == FilterOp.EXISTS) {
      return true;
    }
    if (!actual.isValueNode()) {
      return false;
    }
    int comparison;
    if (filter.value().isNumber()) {
      BigDecimal number = number(actual);
      if (number == null) {
        return filter.op() == FilterOp.NE;
      }
      comparison = number.compareTo(filter.value().decimalValue());
    } else {
      comparison = actual.asText().compareTo(filter.value().asText());
    }
    return switch (filter.op()) {
      case EQ -> comparison == 0;
      case NE -> comparison != 0;
      case GT -> comparison > 0;
      case GTE -> comparison >= 0;
      case LT -> comparison < 0;
      default -> comparison <= 0;
    };
  }

  /** A number or numeric text within the limits of CONFIG.md, null for no number, Bad beyond the limits. */
  public static BigDecimal number(JsonNode value) throws Bad {
    if (value == null) {
      return null;
    }
    BigDecimal number;
    if (value.isNumber()) {
      number = value.decimalValue();
    } else if (value.isTextual()) {
      String text = value.textValue().trim();
      if (text.length() > MAX_TEXT_CHARS) {
        if (text.chars().allMatch(c -> "0123456789.+-eE".indexOf(c) >= 0)) {
          throw new Bad("too long a number");
        }
        return null;
      }
      try {
        number = new BigDecimal(text);
      } catch (NumberFormatException e) {
        if (DECIMAL.matcher(text).matches()) {
          throw new Bad("exponent beyond an int");
        }
        return null;
      }
    } else {
      return null;
    }
    if (number.signum() == 0) {
      return BigDecimal.ZERO;
    }
    if (number.precision() > MAX_DIGITS || number.abs().compareTo(MAX_MAGNITUDE) > 0
        || number.abs().compareTo(MIN_MAGNITUDE) < 0) {
      throw new Bad("beyond the limits");
    }
    return number;
  }
}
