package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Comparison of a {@code filter}: {@code eq ne gt gte lt lte exists}. */
public enum FilterOp {
  EQ,
  NE,
  GT,
  GTE,
  LT,
  LTE,
  /** The field is present and not null; takes no {@code value}. */
  EXISTS;

  @JsonValue
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the ops that order values ({@code gt gte lt lte}). */
  public boolean isOrdering() {
    return this == GT || this == GTE || this == LT || this == LTE;
  }

  /** The accepted spellings, for messages. */
  public static String spellings() {
    return Arrays.stream(values()).map(FilterOp::jsonName).collect(Collectors.joining(", "));
  }

  /** @throws IllegalArgumentException naming the accepted spellings */
  @JsonCreator
  public static FilterOp fromJson(String value) {
    return Arrays.stream(values())
        .filter(op -> op.jsonName().equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "\"" + value + "\" is not a filter op (use " + spellings() + ")"));
  }

  @Override
  public String toString() {
    return jsonName();
  }
}
