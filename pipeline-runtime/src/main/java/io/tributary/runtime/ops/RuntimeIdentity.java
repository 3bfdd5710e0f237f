package io.tributary.runtime.ops;

import java.util.Objects;

/**
 * Who this process is: the Pipeline, the component (Producer/Worker/EtlSchedule name) and the
 * role. Every metric and every log line carries these three values.
 */
public record RuntimeIdentity(String pipeline, String component, String role) {
  public RuntimeIdentity {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(role, "role");
  }
}
