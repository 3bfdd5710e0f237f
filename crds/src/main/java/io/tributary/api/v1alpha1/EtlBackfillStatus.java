package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Progress of {@code spec.backfill}, written by the operator; also the record that an id was
 * carried out.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlBackfillStatus {

  @JsonPropertyDescription("The id of spec.backfill this progress is of.")
  private String id;

  @JsonPropertyDescription("Running, Succeeded (every period's run succeeded) or Failed (a period's run failed, or the request is invalid: see message).")
  private String phase;

  @JsonPropertyDescription("Periods in the range, one run each.")
  private Integer periods;

  @JsonPropertyDescription("Runs that succeeded.")
  private Integer succeeded;

  @JsonPropertyDescription("Runs that failed (after their own retries).")
  private Integer failed;

  @JsonPropertyDescription("Runs in progress.")
  private Integer running;

  @JsonPropertyDescription("When the operator took the request up (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the last run finished (RFC 3339).")
  private String finishTime;

  @JsonPropertyDescription("What is going on, or why the request was refused (naming the field and value).")
  private String message;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Integer getPeriods() {
    return periods;
  }

  public void setPeriods(Integer periods) {
    this.periods = periods;
  }

  public Integer getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(Integer succeeded) {
    this.succeeded = succeeded;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public Integer getRunning() {
    return running;
  }

  public void setRunning(Integer running) {
    this.running = running;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getFinishTime() {
    return finishTime;
  }

  public void setFinishTime(String finishTime) {
    this.finishTime = finishTime;
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
    EtlBackfillStatus that = (EtlBackfillStatus) o;
    return Objects.equals(id, that.id)
        && Objects.equals(phase, that.phase)
        && Objects.equals(periods, that.periods)
        && Objects.equals(succeeded, that.succeeded)
        && Objects.equals(failed, that.failed)
        && Objects.equals(running, that.running)
        && Objects.equals(startTime, that.startTime)
        && Objects.equals(finishTime, that.finishTime)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, phase, periods, succeeded, failed, running, startTime, finishTime, message);
  }

  @Override
  public String toString() {
    return "EtlBackfillStatus{id=" + id + ", phase=" + phase + ", periods=" + periods + ", succeeded=" + succeeded
        + ", failed=" + failed + ", running=" + running + ", startTime=" + startTime + ", finishTime=" + finishTime
        + ", message=" + message + "}";
  }
}
