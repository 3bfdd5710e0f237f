package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.tributary.api.crdgen.StatusSchema;
import java.util.Objects;

/**
 * Observed state of an EtlSchedule.
 */
// conditions: map list keyed by type, described; RFC 3339 times as format date-time (see StatusSchema)
@SchemaCustomizer(value = StatusSchema.class, input = "lastScheduleTime,lastSuccessfulTime,nextScheduleTime")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlScheduleStatus extends TributaryStatus {

  @JsonPropertyDescription("When a run was last started (RFC 3339).")
  private String lastScheduleTime;

  @JsonPropertyDescription("When a run last succeeded (RFC 3339).")
  private String lastSuccessfulTime;

  @JsonPropertyDescription("When the next scheduled run starts (RFC 3339).")
  private String nextScheduleTime;

  @JsonPropertyDescription("Runs in progress.")
  private Integer active;

  @JsonPropertyDescription("The last finished run.")
  private EtlRunSummary lastRun;

  @JsonPropertyDescription("The last finished runs, newest first, at most spec.history.runs of them (default 10): kept here beyond the Jobs' own history, so that the run history survives the Jobs' deletion.")
  private java.util.List<EtlRunSummary> recentRuns;

  @JsonPropertyDescription("Progress of spec.backfill, and the id of the last backfill taken up.")
  private EtlBackfillStatus backfill;

  @JsonPropertyDescription("Progress of spec.catchUp: the time up to which every period has had a run or was skipped, the missed periods pending and those skipped.")
  private EtlCatchUpStatus catchUp;

  public EtlCatchUpStatus getCatchUp() {
    return catchUp;
  }

  public void setCatchUp(EtlCatchUpStatus catchUp) {
    this.catchUp = catchUp;
  }

  @JsonPropertyDescription("The last tributary.io/run-now annotation value that started a run.")
  private String lastRunNow;

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public String getLastSuccessfulTime() {
    return lastSuccessfulTime;
  }

  public void setLastSuccessfulTime(String lastSuccessfulTime) {
    this.lastSuccessfulTime = lastSuccessfulTime;
  }

  public String getNextScheduleTime() {
    return nextScheduleTime;
  }

  public void setNextScheduleTime(String nextScheduleTime) {
    this.nextScheduleTime = nextScheduleTime;
  }

  public Integer getActive() {
    return active;
  }

  public void setActive(Integer active) {
    this.active = active;
  }

  public EtlRunSummary getLastRun() {
    return lastRun;
  }

  public void setLastRun(EtlRunSummary lastRun) {
    this.lastRun = lastRun;
  }

  public String getLastRunNow() {
    return lastRunNow;
  }

  public void setLastRunNow(String lastRunNow) {
    this.lastRunNow = lastRunNow;
  }

  public java.util.List<EtlRunSummary> getRecentRuns() {
    return recentRuns;
  }

  public void setRecentRuns(java.util.List<EtlRunSummary> recentRuns) {
    this.recentRuns = recentRuns;
  }

  public EtlBackfillStatus getBackfill() {
    return backfill;
  }

  public void setBackfill(EtlBackfillStatus backfill) {
    this.backfill = backfill;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    if (!super.equals(o)) return false;
    EtlScheduleStatus that = (EtlScheduleStatus) o;
    return Objects.equals(lastScheduleTime, that.lastScheduleTime)
        && Objects.equals(lastSuccessfulTime, that.lastSuccessfulTime)
        && Objects.equals(nextScheduleTime, that.nextScheduleTime)
        && Objects.equals(active, that.active)
        && Objects.equals(lastRun, that.lastRun)
        && Objects.equals(lastRunNow, that.lastRunNow)
        && Objects.equals(recentRuns, that.recentRuns)
        && Objects.equals(backfill, that.backfill)
        && Objects.equals(catchUp, that.catchUp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), lastScheduleTime, lastSuccessfulTime, nextScheduleTime, active, lastRun, lastRunNow,
        recentRuns, backfill, catchUp);
  }

  @Override
  public String toString() {
    return "EtlScheduleStatus{"
        + "lastScheduleTime=" + lastScheduleTime
        + ", lastSuccessfulTime=" + lastSuccessfulTime
        + ", nextScheduleTime=" + nextScheduleTime
        + ", active=" + active
        + ", lastRun=" + lastRun
        + ", lastRunNow=" + lastRunNow
        + ", " + super.toString()
        + ", recentRuns=" + recentRuns
        + ", backfill=" + backfill
        + ", catchUp=" + catchUp
        + "}";
  }
}
