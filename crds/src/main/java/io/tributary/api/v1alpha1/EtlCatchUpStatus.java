package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Progress of {@code spec.catchUp}, written by the operator; {@code coveredUntil} is its memory,
 * so that a period is never caught up twice, also after its Job was deleted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlCatchUpStatus {

  @JsonPropertyDescription("Every period of the schedule that ends at or before this time (RFC 3339) has had a run (succeeded, failed or running) or was skipped: catch-up looks only at later firings.")
  private String coveredUntil;

  @JsonPropertyDescription("Missed periods waiting for their catch-up run (one runs at a time).")
  private Integer pending;

  @JsonPropertyDescription("Missed periods skipped so far because they lay beyond spec.catchUp.maxRuns.")
  private Integer skipped;

  @JsonPropertyDescription("What catch-up did last.")
  private String message;

  public String getCoveredUntil() {
    return coveredUntil;
  }

  public void setCoveredUntil(String coveredUntil) {
    this.coveredUntil = coveredUntil;
  }

  public Integer getPending() {
    return pending;
  }

  public void setPending(Integer pending) {
    this.pending = pending;
  }

  public Integer getSkipped() {
    return skipped;
  }

  public void setSkipped(Integer skipped) {
    this.skipped = skipped;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlCatchUpStatus that = (EtlCatchUpStatus) o;
    return Objects.equals(coveredUntil, that.coveredUntil) && Objects.equals(pending, that.pending)
        && Objects.equals(skipped, that.skipped) && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(coveredUntil, pending, skipped, message);
  }

  @Override
  public String toString() {
    return "EtlCatchUpStatus{coveredUntil=" + coveredUntil + ", pending=" + pending + ", skipped=" + skipped
        + ", message=" + message + "}";
  }
}
