package io.tributary.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the fields of one JSON object for validation and records a {@link ConfigProblem} for each
 * wrong value. Every field read is remembered, so {@link #finish()} can report the fields nobody
 * asked for as unknown. JSON {@code null} counts as absent.
 */
final class ObjectCheck {
  private final String path;
  private final JsonNode node;
  private final List<ConfigProblem> problems;
  private final Set<String> known = new LinkedHashSet<>();

  private ObjectCheck(String path, JsonNode node, List<ConfigProblem> problems) {
    this.path = path;
    this.node = node;
    this.problems = problems;
  }

  /** A check of {@code node}, or {@code null} (with a problem recorded) when it is no object. */
  static ObjectCheck of(String path, JsonNode node, List<ConfigProblem> problems) {
    if (node == null || !node.isObject()) {
      problems.add(new ConfigProblem(path, describe(node) + " is not an object"));
      return null;
    }
    return new ObjectCheck(path, node, problems);
  }

  String path() {
    return path;
  }

  String pathOf(String field) {
    return ConfigProblem.ROOT.equals(path) ? field : path + "." + field;
  }

  static String indexPath(String path, int index) {
    return path + "[" + index + "]";
  }

  void problem(String field, String message) {
    problems.add(new ConfigProblem(field == null ? path : pathOf(field), message));
  }

  /** The field's value, or {@code null} when absent or JSON null. */
  JsonNode value(String field) {
    known.add(field);
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  boolean has(String field) {
    return value(field) != null;
  }

  String text(String field, boolean required) {
    JsonNode value = value(field);
    if (value == null) {
      requiredMissing(field, required);
      return null;
    }
    if (!value.isTextual()) {
      problem(field, describe(value) + " is not a text");
      return null;
    }
    if (value.asText().isBlank()) {
      problem(field, "must not be empty");
      return null;
    }
    return value.asText();
  }

  private static final java.util.regex.Pattern TOPIC_NAME =
      java.util.regex.Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /** A Kafka topic name: letters, digits, '.', '_', '-', at most 249, not "." or "..". */
  String topicName(String field, boolean required) {
    String text = text(field, required);
    if (text != null && (!TOPIC_NAME.matcher(text).matches() || text.equals(".") || text.equals(".."))) {
      problem(field, "\"" + text + "\" is not a valid Kafka topic name (letters, digits, '.', '_', "
          + "'-'; at most 249)");
      return null;
    }
    return text;
  }

  /** A text that must be one of {@code allowed}. */
  String oneOf(String field, boolean required, List<String> allowed) {
    String text = text(field, required);
    if (text != null && !allowed.contains(text)) {
      problem(field, "\"" + text + "\" is not one of " + String.join(", ", allowed));
      return null;
    }
    return text;
  }

  String template(String field, boolean required) {
    String text = text(field, required);
    if (text != null) {
      String error = RecordTemplate.syntaxError(text);
      if (error != null) {
        problem(field, error);
        return null;
      }
    }
    return text;
  }

  /** A duration string; {@code positive} rejects {@code 0s}. */
  String duration(String field, boolean required, boolean positive) {
    JsonNode value = value(field);
    if (value == null) {
      requiredMissing(field, required);
      return null;
    }
    if (!value.isTextual() || !Durations.isValid(value.asText())) {
      problem(field, describe(value) + " is not a duration (" + Durations.HINT + ")");
      return null;
    }
    if (positive && Durations.parse(value.asText()).isZero()) {
      problem(field, describe(value) + " must be longer than zero");
      return null;
    }
    return value.asText();
  }

  Long integer(String field, boolean required, long min, long max) {
    JsonNode value = value(field);
    if (value == null) {
      requiredMissing(field, required);
      return null;
    }
    if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      problem(field, describe(value) + " is not an integer");
      return null;
    }
    long number = value.asLong();
    if (number < min || number > max) {
      problem(field, number + " " + rangeText(number, min, max));
      return null;
    }
    return number;
  }

  private static String rangeText(long number, long min, long max) {
    if (max >= Integer.MAX_VALUE) {
      return number < min ? "must be at least " + min : "must be at most " + max;
    }
    return "must be between " + min + " and " + max;
  }

  /**
   * A number in {@code [min, max]}, or {@code (min, max]} when {@code minExclusive}.
   */
  Double number(String field, boolean required, double min, boolean minExclusive, double max) {
    JsonNode value = value(field);
    if (value == null) {
      requiredMissing(field, required);
      return null;
    }
    if (!value.isNumber()) {
      problem(field, describe(value) + " is not a number");
      return null;
    }
    double number = value.asDouble();
    boolean tooSmall = minExclusive ? number <= min : number < min;
    if (tooSmall || number > max || Double.isNaN(number)) {
      String lower = minExclusive ? "greater than " + plain(min) : "at least " + plain(min);
      String upper = max == Double.MAX_VALUE ? "" : " and at most " + plain(max);
      problem(field, value.asText() + " must be " + lower + upper);
      return null;
    }
    return number;
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  Boolean bool(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      problem(field, describe(value) + " is not true or false");
      return null;
    }
    return value.asBoolean();
  }

  /** A list of non-empty, distinct texts. */
  List<String> texts(String field, boolean required, boolean nonEmpty) {
    JsonNode value = value(field);
    if (value == null) {
      requiredMissing(field, required);
      return null;
    }
    if (!value.isArray()) {
      problem(field, describe(value) + " is not a list");
      return null;
    }
    if (nonEmpty && value.isEmpty()) {
      problem(field, "must not be empty");
      return null;
    }
    List<String> texts = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String itemPath = indexPath(pathOf(field), i);
      if (item == null || !item.isTextual() || item.asText().isBlank()) {
        problems.add(new ConfigProblem(itemPath, describe(item) + " is not a non-empty text"));
        ok = false;
      } else if (texts.contains(item.asText())) {
        problems.add(new ConfigProblem(itemPath, "\"" + item.asText() + "\" is listed twice"));
        ok = false;
      } else {
        texts.add(item.asText());
      }
    }
    return ok ? texts : null;
  }

  /** A nested object's check, or {@code null} when absent (reported if required) or no object. */
  ObjectCheck object(String field, boolean required) {
    JsonNode value = value(field);
    if (value == null) {
      requiredMissing(field, required);
      return null;
    }
    return of(pathOf(field), value, problems);
  }

  /** Each item of a list field, checked as an object by {@code itemCheck}; absent = no items. */
  int objects(String field, boolean required, boolean nonEmpty, Consumer<ObjectCheck> itemCheck) {
    JsonNode value = value(field);
    if (value == null) {
      requiredMissing(field, required);
      return 0;
    }
    if (!value.isArray()) {
      problem(field, describe(value) + " is not a list");
      return 0;
    }
    if (nonEmpty && value.isEmpty()) {
      problem(field, "must not be empty");
      return 0;
    }
    for (int i = 0; i < value.size(); i++) {
      ObjectCheck item = of(indexPath(pathOf(field), i), value.get(i), problems);
      if (item != null) {
        itemCheck.accept(item);
      }
    }
    return value.size();
  }

  /**
   * Treats this object as a union: exactly one of {@code members} must be set. Other fields are
   * reported as unknown. Returns the members that are set (validate each of them).
   */
  List<String> union(String what, List<String> members) {
    List<String> present = new ArrayList<>();
    for (String member : members) {
      if (value(member) != null) {
        present.add(member);
      }
    }
    Iterator<String> names = node.fieldNames();
    boolean unknownSeen = false;
    while (names.hasNext()) {
      String name = names.next();
      if (!members.contains(name)) {
        problem(name, "unknown " + what + " (use one of " + String.join(", ", members) + ")");
        unknownSeen = true;
      }
    }
    known.addAll(members);
    if (present.isEmpty() && !unknownSeen) {
      problem(null, "needs exactly one of " + String.join(", ", members) + " (none is set)");
    } else if (present.size() > 1) {
      problem(null, "needs exactly one of " + String.join(", ", members) + " (" + String.join(
          " and ", present) + " are set)");
    }
    return present;
  }

  /** Reports the fields no read asked for. Call after all reads. */
  void finish() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        String expected = known.isEmpty() ? "this object takes no fields"
            : "known fields: " + String.join(", ", known);
        problem(name, "unknown field (" + expected + ")");
      }
    }
  }

  private void requiredMissing(String field, boolean required) {
    if (required) {
      problem(field, "is required");
    }
  }

  /** A value as a message shows it: {@code "5x"}, {@code 42}, {@code true}, an object, a list. */
  static String describe(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isTextual()) {
      String text = value.asText();
      return "\"" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "\"";
    }
    if (value.isObject()) {
      return "an object";
    }
    if (value.isArray()) {
      return "a list";
    }
    return value.toString();
  }
}
