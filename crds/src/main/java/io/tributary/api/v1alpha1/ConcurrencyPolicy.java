package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How concurrent runs of an EtlSchedule are treated (as for a CronJob). */
public enum ConcurrencyPolicy {
  /** Runs may overlap. */
  @JsonProperty("Allow")
  ALLOW,
  /** A new run is skipped while one is active. */
  @JsonProperty("Forbid")
  FORBID,
  /** A new run replaces the active one. */
  @JsonProperty("Replace")
  REPLACE;

  /** The value as written in YAML. */
  public String wireValue() {
    return switch (this) {
      case ALLOW -> "Allow";
      case FORBID -> "Forbid";
      case REPLACE -> "Replace";
    };
  }
}
