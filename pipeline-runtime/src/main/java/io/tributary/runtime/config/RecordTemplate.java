package io.tributary.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A key, channel or stream name with {@code {field}} placeholders, e.g.
 * {@code market_data:{symbol}:latest}. A placeholder is replaced by the value of that top-level
 * field of the JSON record. Compile once, resolve per record.
 *
 * <p>A record without the field (or with {@code null} there, or an object or array) is an error
 * for that record: {@link #resolve} throws {@link MissingFieldException}; it never produces a
 * {@code "null"} key. Braces cannot be escaped; a template with an unbalanced brace or an empty
 * {@code {}} does not compile.
 *
 * <p>A value must stay inside its segment of the name: {@link #resolve} throws
 * {@link UnsafeValueException} for a value that is empty, longer than the bound
 * ({@value #DEFAULT_MAX_VALUE_BYTES} bytes of UTF-8 unless compiled with another), holds a Redis
 * glob character ({@code * ? [ ] \}), a control character (newline, carriage return, any other
 * C0/C1 control, U+2028/U+2029), or, for the placeholder that ends the template, the
 * template's {@linkplain #separator() separator}. Both are record errors (retries, then dead
 * letter): a record never makes a write to another key, channel or stream.
 */
public final class RecordTemplate {
  /** The bound on one placeholder's value when none is configured: 256 bytes of UTF-8. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 256;
  /** The largest bound {@code redis.maxTemplateValueBytes} accepts. */
  public static final int MAX_VALUE_BYTES_LIMIT = 65536;
  /** Characters that can be a separator: the one right before a trailing placeholder. */
  static final String SEPARATORS = ":/.|#;,=";
  /** How much of an unsafe value an error message shows (escaped) before it is cut. */
  private static final int SHOWN_CHARS = 40;

  private final String source;
  /** Alternating literal and field parts: literals at even indexes, field names at odd indexes. */
  private final List<String> parts;
  private final List<String> fields;
  private final int maxValueBytes;
  /** The separator a trailing placeholder's value must not hold, or 0 when there is none. */
  private final char separator;
  /** Whether the first placeholder's value is written as a Redis Cluster hash tag. */
  private final boolean hashTag;

  /** What every resolved name starts with ({@link KeyPrefix#NONE}: nothing). */
  private final KeyPrefix prefix;

  private RecordTemplate(String source, List<String> parts, int maxValueBytes, KeyPrefix prefix, boolean hashTag) {
    this.source = source;
    this.parts = parts;
    this.maxValueBytes = maxValueBytes;
    this.prefix = prefix;
    this.hashTag = hashTag;
    String last = parts.get(parts.size() - 1);
    String beforeLast = parts.size() >= 3 ? parts.get(parts.size() - 3) : "";
    char before = beforeLast.isEmpty() ? 0 : beforeLast.charAt(beforeLast.length() - 1);
    this.separator = last.isEmpty() && SEPARATORS.indexOf(before) >= 0 ? before : 0;
    List<String> names = new ArrayList<>();
    for (int i = 1; i < parts.size(); i += 2) {
      names.add(parts.get(i));
    }
    this.fields = Collections.unmodifiableList(names);
  }

  /**
   * A template whose values may be up to {@value #DEFAULT_MAX_VALUE_BYTES} bytes long.
   *
   * @throws IllegalArgumentException naming the position of the first unbalanced or empty brace
   */
  public static RecordTemplate compile(String template) {
    return compile(template, DEFAULT_MAX_VALUE_BYTES);
  }

  /**
   * A template whose values may be up to {@code maxValueBytes} bytes of UTF-8 long.
   *
   * @throws IllegalArgumentException naming the position of the first unbalanced or empty brace,
   *     or when {@code maxValueBytes} is not between 1 and {@value #MAX_VALUE_BYTES_LIMIT}
   */
  public static RecordTemplate compile(String template, int maxValueBytes) {
    return compile(template, maxValueBytes, KeyPrefix.NONE);
  }

  /**
   * A template whose resolved names start with {@code prefix} (the Pipeline's
   * {@code redis.keyPrefix}). The prefix is not part of the template: the separator rule and
   * the error messages are those of {@code template} as written.
   *
   * @throws IllegalArgumentException as {@link #compile(String, int)}
   */
  public static RecordTemplate compile(String template, int maxValueBytes, KeyPrefix prefix) {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(prefix, "prefix");
    if (maxValueBytes < 1 || maxValueBytes > MAX_VALUE_BYTES_LIMIT) {
      throw new IllegalArgumentException("the bound on a template value must be between 1 and "
          + MAX_VALUE_BYTES_LIMIT + " bytes, not " + maxValueBytes);
    }
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
    return new RecordTemplate(template, List.copyOf(parts), maxValueBytes, prefix, false);
  }

  /**
   * The same template for a Redis Cluster: {@link #resolve} writes the value of the first
   * placeholder in braces, a hash tag ({@code market_data:{symbol}:latest} gives
   * {@code market_data:{AAPL}:latest}), so that every name whose first field is the same lands in
   * the slot {@code CRC16(value) mod 16384}. A first value holding {@code {} or <code>}</code> is
   * refused: it would move the tag. A constant template stays as it is. The {@link #prefix()}
   * holds no brace, so it does not change the slot.
   */
  public RecordTemplate withHashTag() {
    return new RecordTemplate(source, parts, maxValueBytes, prefix, true);
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
   * and booleans in their JSON spelling), after the {@link #prefix()}.
   *
   * @throws MissingFieldException when the record is not an object or a field is missing, null,
   *     or not a scalar
   * @throws UnsafeValueException when a value could leave its segment of the name (see the class
   *     description)
   */
  public String resolve(JsonNode record) {
    if (fields.isEmpty()) {
      return prefix.apply(source);
    }
    if (record == null || !record.isObject()) {
      throw new MissingFieldException(fields.get(0), source, "the record is not a JSON object");
    }
    StringBuilder out = new StringBuilder(prefix.value().length() + source.length() + 16);
    out.append(prefix.value());
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
      String text = value.asText();
      String unsafe = unsafeReason(text, i == parts.size() - 2 ? separator : 0);
      if (unsafe != null) {
        throw new UnsafeValueException(field, source, "field \"" + field + "\" holds \""
            + shown(text) + "\", " + unsafe);
      }
      if (hashTag && i == 1) {
        int brace = 0;
        while (brace < text.length() && text.charAt(brace) != '{' && text.charAt(brace) != '}') {
          brace++;
        }
        if (brace < text.length()) {
          throw new UnsafeValueException(field, source, "field \"" + field + "\" holds \"" + shown(text)
              + "\", which has '" + text.charAt(brace) + "' at position " + brace
              + " (on a Redis Cluster the first field is the key's hash tag, written in braces)");
        }
        out.append('{').append(text).append('}');
        continue;
      }
      out.append(text);
    }
    return out.toString();
  }

  /** Why {@code value} cannot fill a placeholder, or null when it can. */
  private String unsafeReason(String value, char forbiddenSeparator) {
    if (value.isEmpty()) {
      return "an empty value";
    }
    int bytes = utf8LengthIfLong(value);
    if (bytes > maxValueBytes) {
      return "longer than " + maxValueBytes + " bytes (" + bytes + " bytes of UTF-8)";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '*': case '?': case '[': case ']': case '\\':
          return "which has '" + c + "' (a Redis glob character) at position " + i;
        default:
          break;
      }
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return "which has a control character (" + escape(String.valueOf(c)) + ") at position " + i;
      }
      if (forbiddenSeparator != 0 && c == forbiddenSeparator) {
        return "which has the separator '" + c + "' at position " + i
            + " (the placeholder ends the template, so the value must be one segment)";
      }
    }
    return null;
  }

  /**
   * The length of {@code value} in UTF-8 bytes as the Redis client encodes it (an unpaired
   * surrogate becomes one {@code '?'}), or 0 when it is surely within the bound: every character
   * is at least one byte and at most three.
   */
  private int utf8LengthIfLong(String value) {
    if (value.length() * 3L <= maxValueBytes) {
      return 0;
    }
    return value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** The value escaped (Java style) and cut after {@value #SHOWN_CHARS} characters. */
  static String shown(String value) {
    boolean cut = value.length() > SHOWN_CHARS;
    String head = escape(cut ? value.substring(0, SHOWN_CHARS) : value);
    return cut ? head + "...(" + value.length() + " characters)" : head;
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        default:
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
              || Character.isSurrogate(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.toString();
  }

  /**
   * The separator a value of the placeholder that ends the template must not hold: the
   * character right before that placeholder when it is one of {@code : / . | # ; , =}
   * ({@code ':'} in {@code price:{symbol}}); empty when the template does not end with a
   * placeholder or none precedes it.
   */
  public Optional<Character> separator() {
    return separator == 0 ? Optional.empty() : Optional.of(separator);
  }

  /** What every resolved name starts with. */
  public KeyPrefix prefix() {
    return prefix;
  }

  /** The bound on one value, in bytes of UTF-8. */
  public int maxValueBytes() {
    return maxValueBytes;
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
    return other instanceof RecordTemplate && ((RecordTemplate) other).source.equals(source)
        && ((RecordTemplate) other).prefix.equals(prefix);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  /**
   * A record cannot fill a template: a per-record error (retry policy, then dead letter). One of
   * {@link MissingFieldException} and {@link UnsafeValueException}.
   */
  public abstract static class UnresolvedException extends RuntimeException {
    private final String field;
    private final String template;

    UnresolvedException(String field, String template, String reason) {
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

  /** The record is not an object, or a field is missing, null, an object or an array. */
  public static final class MissingFieldException extends UnresolvedException {
    public MissingFieldException(String field, String template, String reason) {
      super(field, template, reason);
    }
  }

  /**
   * A field's value would leave its segment of the name: empty, too long, a glob or control
   * character, or the separator in the trailing placeholder.
   */
  public static final class UnsafeValueException extends UnresolvedException {
    public UnsafeValueException(String field, String template, String reason) {
      super(field, template, reason);
    }
  }
}
