package io.tributary.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A key, channel or stream name with {@code {field}} placeholders, e.g.
 * {@code market_data:{symbol}:latest}. A placeholder is replaced by the value of that top-level
 * field of the JSON record. Compile once, resolve per record.
 *
 * <p>A record without the field (or with {@code null} there, or an object or array) is an error
 * for that record: {@link #resolve} throws {@link MissingFieldException}; it never produces a
 * {@code "null"} key. Braces cannot be escaped; a template with an unbalanced brace or an empty
 * {@code {}} does not compile.
 */
public final class RecordTemplate {
  private final String source;
  /** Alternating literal and field parts: literals at even indexes, field names at odd indexes. */
  private final List<String> parts;
  private final List<String> fields;

  private RecordTemplate(String source, List<String> parts) {
    this.source = source;
    this.parts = parts;
    List<String> names = new ArrayList<>();
    for (int i = 1; i < parts.size(); i += 2) {
      names.add(parts.get(i));
    }
    this.fields = Collections.unmodifiableList(names);
  }

  /**
   * @throws IllegalArgumentException naming the position of the first unbalanced or empty brace
   */
  public static RecordTemplate compile(String template) {
    Objects.requireNonNull(template, "template");
    List<String> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '}') {
        throw new IllegalArgumentException(
            "\"" + template + "\" has an unmatched '}' at position " + i);
      }
      if (c != '{') {
        literal.append(c);
        i++;
        continue;
      }
      int close = template.indexOf('}', i + 1);
      int nextOpen = template.indexOf('{', i + 1);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        throw new IllegalArgumentException(
            "\"" + template + "\" has an unclosed '{' at position " + i);
      }
      String field = template.substring(i + 1, close);
      if (field.isBlank()) {
        throw new IllegalArgumentException(
            "\"" + template + "\" has an empty placeholder {} at position " + i);
      }
      parts.add(literal.toString());
      parts.add(field);
      literal.setLength(0);
      i = close + 1;
    }
    parts.add(literal.toString());
    return new RecordTemplate(template, List.copyOf(parts));
  }

  /** The error {@link #compile} would throw, or {@code null} when {@code template} is fine. */
  public static String syntaxError(String template) {
    try {
      compile(template);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * The template with each placeholder replaced by the record's field value (text as is, numbers
   * and booleans in their JSON spelling).
   *
   * @throws MissingFieldException when the record is not an object or a field is missing, null,
   *     or not a scalar
   */
  public String resolve(JsonNode record) {
    if (fields.isEmpty()) {
      return source;
    }
    if (record == null || !record.isObject()) {
      throw new MissingFieldException(fields.get(0), source, "the record is not a JSON object");
    }
    StringBuilder out = new StringBuilder(source.length() + 16);
    for (int i = 0; i < parts.size(); i++) {
      if (i % 2 == 0) {
        out.append(parts.get(i));
        continue;
      }
      String field = parts.get(i);
      JsonNode value = record.get(field);
      if (value == null || value.isNull() || value.isMissingNode()) {
        throw new MissingFieldException(field, source, "the record has no field \"" + field + "\"");
      }
      if (!value.isValueNode()) {
        throw new MissingFieldException(
            field, source, "field \"" + field + "\" is " + (value.isArray() ? "an array" : "an object")
                + ", not a text, number or boolean");
      }
      out.append(value.asText());
    }
    return out.toString();
  }

  /** The field names the template reads, in order (with repeats). */
  public List<String> fields() {
    return fields;
  }

  /** True when the template has no placeholder and resolves to itself. */
  public boolean isConstant() {
    return fields.isEmpty();
  }

  /** The template as written. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return source;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecordTemplate && ((RecordTemplate) other).source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  /** A record cannot fill a template: a per-record error (retry policy, then dead letter). */
  public static final class MissingFieldException extends RuntimeException {
    private final String field;
    private final String template;

    public MissingFieldException(String field, String template, String reason) {
      super("cannot resolve \"" + template + "\": " + reason);
      this.field = field;
      this.template = template;
    }

    /** The placeholder that could not be filled. */
    public String field() {
      return field;
    }

    /** The template as written. */
    public String template() {
      return template;
    }
  }
}
