package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Comparison of a filter. */
public enum FilterOperator {
  /** field equals value */
  @JsonProperty("eq")
  EQ,
  /** field differs from value */
  @JsonProperty("ne")
  NE,
  /** field greater than value (numbers) */
  @JsonProperty("gt")
  GT,
  /** field greater than or equal to value (numbers) */
  @JsonProperty("gte")
  GTE,
  /** field less than value (numbers) */
  @JsonProperty("lt")
  LT,
  /** field less than or equal to value (numbers) */
  @JsonProperty("lte")
  LTE,
  /** field is present and not null (value not used) */
  @JsonProperty("exists")
  EXISTS;

  /** The value as written in YAML. */
  public String wireValue() {
    return switch (this) {
      case EQ -> "eq";
      case NE -> "ne";
      case GT -> "gt";
      case GTE -> "gte";
      case LT -> "lt";
      case LTE -> "lte";
      case EXISTS -> "exists";
    };
  }
}
