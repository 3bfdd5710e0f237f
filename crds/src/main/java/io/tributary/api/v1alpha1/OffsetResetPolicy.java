package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a consumer group without a committed offset starts, and so how much lag such a partition counts. */
public enum OffsetResetPolicy {
  /** Start at the oldest retained record: the whole retained backlog is lag. */
  @JsonProperty("earliest")
  EARLIEST,
  /** Start at the end: no lag until records arrive. */
  @JsonProperty("latest")
  LATEST;

  /** The value as written in YAML. */
  public String wireValue() {
    return switch (this) {
      case EARLIEST -> "earliest";
      case LATEST -> "latest";
    };
  }
}
