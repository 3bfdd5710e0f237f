package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Keeps the records whose top-level {@code field} compares with {@code value} by {@code op}; both
 * the worker's {@code filter} processor and the ETL {@code filter} transform.
 *
 * <p>Comparison: when {@code value} is a number, the field's value is compared as a number (a
 * numeric string such as CSV's {@code "12.5"} counts as a number); otherwise values are compared as
 * text, booleans as {@code true}/{@code false}. A record without the field (or with null there)
 * matches no op, {@code ne} included: a filter drops it. A field value that is no number, compared
 * with a numeric {@code value}, matches only {@code ne}; a number beyond the limits of
 * {@link RecordNumbers} is an error of the record.
 *
 * @param field required, a top-level field of the record
 * @param op required
 * @param value required except for {@code exists}: a text, number or boolean
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FilterConfig(String field, FilterOp op, JsonNode value) {

  /**
   * True when the record passes the filter (is kept).
   *
   * @throws RecordNumbers.OutOfRangeException naming the field, when a numeric comparison meets a
   *     number beyond the limits
   */
  public boolean matches(JsonNode record) {
    JsonNode actual = record == null ? null : record.get(field);
    if (actual == null || actual.isNull() || actual.isMissingNode()) {
      return false;
    }
    if (op == FilterOp.EXISTS) {
      return true;
    }
    if (!actual.isValueNode()) {
      return false;
    }
    Integer comparison;
    try {
      comparison = compare(actual, value);
    } catch (RecordNumbers.OutOfRangeException e) {
      throw e.within("field \"" + field + "\": ");
    }
    if (comparison == null) {
      return op == FilterOp.NE;
    }
    switch (op) {
      case EQ:
        return comparison == 0;
      case NE:
        return comparison != 0;
      case GT:
        return comparison > 0;
      case GTE:
        return comparison >= 0;
      case LT:
        return comparison < 0;
      default:
        return comparison <= 0;
    }
  }

  /** {@code actual} against {@code expected}; {@code null} when they cannot be compared. */
  private static Integer compare(JsonNode actual, JsonNode expected) {
    if (expected.isNumber()) {
      BigDecimal number = RecordNumbers.read(actual);
      return number == null ? null : number.compareTo(expected.decimalValue());
    }
    return actual.asText().compareTo(expected.asText());
  }
}
