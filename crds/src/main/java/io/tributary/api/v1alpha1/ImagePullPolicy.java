package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kubernetes image pull policy. */
public enum ImagePullPolicy {
  /** Always pull. */
  @JsonProperty("Always")
  ALWAYS,
  /** Pull when missing. */
  @JsonProperty("IfNotPresent")
  IF_NOT_PRESENT,
  /** Never pull. */
  @JsonProperty("Never")
  NEVER;

  /** The value as written in YAML. */
  public String wireValue() {
    return switch (this) {
      case ALWAYS -> "Always";
      case IF_NOT_PRESENT -> "IfNotPresent";
      case NEVER -> "Never";
    };
  }
}
