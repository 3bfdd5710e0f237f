package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who scales a Worker. */
public enum AutoscalingEngine {
  /** The operator's lag autoscaler sets the replicas. */
  @JsonProperty("builtin")
  BUILTIN,
  /** The operator emits a KEDA ScaledObject and KEDA scales. */
  @JsonProperty("keda")
  KEDA;

  /** The value as written in YAML. */
  public String wireValue() {
    return switch (this) {
      case BUILTIN -> "builtin";
      case KEDA -> "keda";
    };
  }
}
