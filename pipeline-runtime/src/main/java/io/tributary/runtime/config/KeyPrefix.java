package io.tributary.runtime.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The text every Redis key, channel and stream name of one Pipeline starts with
 * ({@code redis.keyPrefix}), so that two Pipelines on one Redis never touch each other's names and
 * a Redis ACL user can be limited to {@code ~<prefix>*} and {@code &<prefix>*}.
 *
 * <p>This is the one place where a name gets its prefix: {@link RecordTemplate}s compiled with a
 * prefix (every {@code key}, {@code channel} and {@code stream} template of the processors and of
 * the ETL {@code redisHash} load) resolve through {@link #apply}, and so do the fixed names the
 * runtime uses itself (the replay ledger of a Kafka-input worker, the input stream of a
 * Redis-stream worker). The operator derives the default with {@link #derived} and shows the
 * effective prefix in the Pipeline's status.
 *
 * <p>A prefix is at most {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ - : / | # ; , =
 * @ + %}: no glob character ({@code * ? [ ] \}: an ACL or {@code SCAN} pattern
 * {@code <prefix>*} must match its own names only), no brace (a {@code {...}} hash tag inside a
 * template decides a key's Redis Cluster slot; one in the prefix would decide it for every key),
 * no whitespace nor control character. The empty prefix is the layout without prefix.
 */
public final class KeyPrefix {
  /** The longest prefix, in characters. */
  public static final int MAX_LENGTH = 128;
  /** What a prefix may consist of (the same pattern is the CRD field's schema). */
  public static final String PATTERN = "^[A-Za-z0-9._:/|#;,=@+%-]*$";
  /** No prefix: names as written (hand-written configs without {@code keyPrefix}). */
  public static final KeyPrefix NONE = new KeyPrefix("");

  private static final Pattern ALLOWED = Pattern.compile(PATTERN);
  /** How many hex digits of the SHA-256 of the full text end a derived prefix that was cut. */
  private static final int HASH_DIGITS = 8;

  private final String value;

  private KeyPrefix(String value) {
    this.value = value;
  }

  /**
   * The prefix {@code value}; null is {@link #NONE}.
   *
   * @throws IllegalArgumentException with {@link #problem}'s reason when it is not a valid prefix
   */
  public static KeyPrefix of(String value) {
    if (value == null || value.isEmpty()) {
      return NONE;
    }
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new KeyPrefix(value);
  }

  /** Why {@code value} cannot be a prefix (quoting it escaped and cut), or null when it can. */
  public static String problem(String value) {
    Objects.requireNonNull(value, "value");
    if (value.length() > MAX_LENGTH) {
      return "\"" + RecordTemplate.shown(value) + "\" is longer than " + MAX_LENGTH + " characters";
    }
    if (!ALLOWED.matcher(value).matches()) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (!ALLOWED.matcher(String.valueOf(c)).matches()) {
          String why = "*?[]\\".indexOf(c) >= 0 ? "a Redis glob character"
              : c == '{' || c == '}' ? "a brace (hash tags belong in the templates)"
              : Character.isWhitespace(c) || Character.isISOControl(c) ? "whitespace or a control character"
              : "not one of A-Z a-z 0-9 . _ - : / | # ; , = @ + %";
          return "\"" + RecordTemplate.shown(value) + "\" has " + why + " at position " + i;
        }
      }
    }
    return null;
  }

  /**
   * The default prefix of a Pipeline: {@code <namespace>.<pipeline>:} ({@code shop.orders:}). A
   * namespace is a DNS label (no dot), so the first dot ends it and no two Pipelines share a
   * default. When that is longer than {@value #MAX_LENGTH} characters it is cut and ends with
   * {@code -} and the first {@value #HASH_DIGITS} hex digits of the SHA-256 of the whole text
   * before the colon, which keeps it distinct.
   *
   * @param namespace the Pipeline's namespace (null or empty: {@code default})
   * @param pipeline the Pipeline's name
   */
  public static String derived(String namespace, String pipeline) {
    Objects.requireNonNull(pipeline, "pipeline");
    String full = (namespace == null || namespace.isEmpty() ? "default" : namespace) + "." + pipeline;
    if (full.length() + 1 <= MAX_LENGTH) {
      return full + ":";
    }
    String hash = sha256(full).substring(0, HASH_DIGITS);
    return full.substring(0, MAX_LENGTH - HASH_DIGITS - 2) + "-" + hash + ":";
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
  }

  /** {@code name} under this prefix: the prefix followed by {@code name}. */
  public String apply(String name) {
    return value.isEmpty() ? name : value + name;
  }

  /** The prefix itself; empty for {@link #NONE}. */
  public String value() {
    return value;
  }

  /** True for the empty prefix. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyPrefix && ((KeyPrefix) other).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
