package io.tributary.runtime.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads a record field as a number, within limits that keep arithmetic on it cheap and its
 * result representable: the worker's {@code aggregate} sums and {@code filter} comparisons and the
 * ETL's {@code filter} and {@code aggregate} use it. A number is a JSON number or a text that holds
 * one (CSV gives only texts). It is accepted when
 *
 * <ul>
 *   <li>its text has at most {@value #MAX_TEXT_CHARS} characters (checked before parsing: parsing
 *       a longer digit string takes time quadratic in its length);
 *   <li>it has at most {@value #MAX_DIGITS} significant digits;
 *   <li>it is 0, or its magnitude lies in {@code [1e-324, 1.7976931348623157e308]}: writing
 *       {@code x = m * 10^e} with {@code 1 <= |m| < 10}, {@code e >= }{@value #MIN_EXPONENT}, and
 *       {@code |x| <= }{@link Double#MAX_VALUE}, the range of a double.
 * </ul>
 *
 * <p>Why: {@link BigDecimal} aligns scales before it adds, so {@code 1 + 1e-1000000} builds a
 * million-digit number and {@code 0 + 1e999999999} a billion-digit one, as does
 * {@code toPlainString()} (an {@code OutOfMemoryError}); a double cannot hold {@code 1e400} at all
 * (Jackson reads it as Infinity, which {@code decimalValue()} refuses). Within the limits a sum of
 * n numbers has at most {@code 308 + 324 + 100 + log10(n)} digits. A zero is read as {@code 0},
 * whatever its exponent ({@code 0e-1000000}).
 *
 * <p>A number beyond the limits is an {@link OutOfRangeException}, an error of that record (the
 * worker retries it and then dead-letters it, the ETL counts it as a bad row), never "no number".
 */
public final class RecordNumbers {
  /** Longest text read as a number (Jackson's own limit for a JSON number). */
  public static final int MAX_TEXT_CHARS = 1000;
  /** Most significant digits of a number. */
  public static final int MAX_DIGITS = 100;
  /** Smallest decimal exponent of a number other than 0: 1e-324 is below the smallest double. */
  public static final int MIN_EXPONENT = -324;
  /** Largest magnitude: the largest double. */
  public static final BigDecimal MAX_MAGNITUDE = BigDecimal.valueOf(Double.MAX_VALUE);

  private static final BigDecimal MIN_MAGNITUDE = BigDecimal.ONE.scaleByPowerOfTen(MIN_EXPONENT);
  /** A decimal number as {@link BigDecimal#BigDecimal(String)} reads it, for telling "too large" from "no number". */
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final int QUOTED_CHARS = 40;

  private RecordNumbers() {}

  /**
   * A mapper that reads records keeping every number exactly as written: a JSON number with a
   * fraction or an exponent becomes a {@link BigDecimal} of its text (its trailing zeros kept), not
   * a double, so {@code 12345678901234567.89} is not rounded to {@code 1.2345678901234568E16} before
   * an exact sum, and {@code 1e400} stays {@code 1E+400} (not {@code "Infinity"}) in a record
   * written back. Cheap for any exponent: {@code 1e999999999} is a one-digit number with a large
   * scale (only {@code toPlainString()} would spell it out, and {@link #read} refuses it first).
   * Writing such a record gives its numbers in {@link BigDecimal#toString()} form ({@code 1.50},
   * {@code 1E+2}). Jackson's own limits stay: a number of more than 1000 characters, or nesting
   * deeper than 1000, is invalid JSON.
   */
  public static ObjectMapper recordMapper() {
    return new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
  }

  /** A field value that is a number, or holds one, beyond the limits of {@link RecordNumbers}. */
  public static final class OutOfRangeException extends IllegalArgumentException {
    OutOfRangeException(String message) {
      super(message);
    }

    /** The same problem, with {@code prefix} (e.g. the field name) before the message. */
    public OutOfRangeException within(String prefix) {
      OutOfRangeException wrapped = new OutOfRangeException(prefix + getMessage());
      wrapped.setStackTrace(getStackTrace());
      return wrapped;
    }
  }

  /**
   * The value as a number: a JSON number, or a text holding a decimal number (surrounding spaces
   * ignored).
   *
   * @return null for anything else (missing, null, a boolean, a text that is no number, a list)
   * @throws OutOfRangeException when the value is a number beyond the limits
   */
  public static BigDecimal read(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
        // the text is gone: Jackson read something like 1e400 as a double
        throw new OutOfRangeException("a number beyond ±" + MAX_MAGNITUDE + " (read as " + value.doubleValue() + ")");
      }
      return checked(value.decimalValue(), value.asText());
    }
    if (!value.isTextual()) {
      return null;
    }
    String text = value.asText().trim();
    if (text.length() > MAX_TEXT_CHARS) {
      if (looksNumeric(text)) {
        throw new OutOfRangeException(quote(text) + " has " + text.length() + " characters; a number may have at most "
            + MAX_TEXT_CHARS);
      }
      return null;
    }
    BigDecimal number;
    try {
      number = new BigDecimal(text);
    } catch (NumberFormatException e) {
      if (DECIMAL.matcher(text).matches()) {
        // a decimal whose exponent does not even fit an int
        throw new OutOfRangeException(quote(text) + " has an exponent beyond any number accepted");
      }
      return null;
    }
    return checked(number, text);
  }

  private static BigDecimal checked(BigDecimal number, String text) {
    if (number.signum() == 0) {
      return BigDecimal.ZERO;
    }
    if (number.precision() > MAX_DIGITS) {
      throw new OutOfRangeException(quote(text) + " has " + number.precision() + " significant digits; at most "
          + MAX_DIGITS + " are accepted");
    }
    // compareTo looks at the exponents first: cheap even for 1e999999999
    BigDecimal magnitude = number.abs();
    if (magnitude.compareTo(MAX_MAGNITUDE) > 0) {
      throw new OutOfRangeException(quote(text) + " is larger than " + MAX_MAGNITUDE + ", the largest number accepted");
    }
    if (magnitude.compareTo(MIN_MAGNITUDE) < 0) {
      throw new OutOfRangeException(quote(text) + " is closer to 0 than " + MIN_MAGNITUDE
          + ", the smallest number other than 0 accepted");
    }
    return number;
  }

  /** Only characters of a decimal number: a long text like that is a number too long, not "no number". */
  private static boolean looksNumeric(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
        return false;
      }
    }
    return true;
  }

  private static String quote(String text) {
    return "\"" + (text.length() > QUOTED_CHARS ? text.substring(0, QUOTED_CHARS) + "..." : text) + "\"";
  }
}
