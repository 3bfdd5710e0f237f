package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/**
 * A cron-scheduled batch ETL run: extract, transform, check, load.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlScheduleSpec {

  @JsonPropertyDescription("Name of the Pipeline in the same namespace.")
  @Required
  @Pattern(ApiPatterns.DNS_LABEL)
  @Size(min = 1, max = 63)
  private String pipeline;

  @JsonPropertyDescription("Cron schedule: 5 fields (minute hour day-of-month month day-of-week) or @hourly, @daily, @weekly, @monthly, @yearly, @annually, @midnight.")
  @Required
  @Pattern(ApiPatterns.CRON)
  private String schedule;

  @JsonPropertyDescription("IANA time zone of the schedule. Default: UTC.")
  @Pattern(ApiPatterns.TIME_ZONE)
  @Default("UTC")
  private String timeZone = "UTC";

  @JsonPropertyDescription("Allow, Forbid or Replace. Default: Forbid.")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  @Default("Forbid")
  private ConcurrencyPolicy concurrencyPolicy = ConcurrencyPolicy.FORBID;

  @JsonPropertyDescription("A run that could not start within this many seconds of its time is skipped. Default: none.")
  @Min(0)
  private Long startingDeadlineSeconds;

  @JsonPropertyDescription("Suspend scheduled runs (run-now still works). Default: false.")
  @Default("false")
  private Boolean suspend = false;

  @JsonPropertyDescription("Retries inside a run. Absent: a failed run is not retried.")
  private EtlRetries retries;

  @JsonPropertyDescription("A run is stopped after this many seconds. Default: 3600.")
  @Min(1)
  @Default("3600")
  private Long activeDeadlineSeconds = 3600L;

  @JsonPropertyDescription("Finished Jobs kept. Default: 3 successful, 1 failed.")
  private EtlHistory history;

  @JsonPropertyDescription("Backfill request: one run per schedule period in [from, to), each with its period as data interval, in order, maxConcurrent at a time; a new id starts one, the same id is never carried out twice. Progress in status.backfill.")
  private EtlBackfill backfill;

  @JsonPropertyDescription("Catch-up of the periods missed while the operator or the cluster was down: the latest maxRuns firings without a run are run, oldest first, one at a time. Progress in status.catchUp. Absent or maxRuns 0: off.")
  private EtlCatchUp catchUp;

  public EtlCatchUp getCatchUp() {
    return catchUp;
  }

  public void setCatchUp(EtlCatchUp catchUp) {
    this.catchUp = catchUp;
  }

  @JsonPropertyDescription("Gate each run on stream state, exactly one of: worker (the run waits until the Worker is at most maxLag records behind its topic) or watermark (the run waits until every partition of the topic holds a record timestamped at or after the end of the run's data interval); the run fails after timeout.")
  private EtlWaitFor waitFor;

  @JsonPropertyDescription("Where a run reads: exactly one of topic, http, csv.")
  @Required
  private EtlExtract extract;

  @JsonPropertyDescription("Transform steps in order; each item has exactly one key.")
  @Size(max = 50)
  private List<TransformStep> transform;

  @JsonPropertyDescription("Where a run writes: exactly one of redisHash or topic.")
  @Required
  private EtlLoad load;

  @JsonPropertyDescription("Checks before the load.")
  private EtlQuality quality;

  @JsonPropertyDescription("Pod settings of the Job.")
  private WorkloadTemplate template;

  public String getPipeline() {
    return pipeline;
  }

  public void setPipeline(String pipeline) {
    this.pipeline = pipeline;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public ConcurrencyPolicy getConcurrencyPolicy() {
    return concurrencyPolicy;
  }

  public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
    this.concurrencyPolicy = concurrencyPolicy;
  }

  public Long getStartingDeadlineSeconds() {
    return startingDeadlineSeconds;
  }

  public void setStartingDeadlineSeconds(Long startingDeadlineSeconds) {
    this.startingDeadlineSeconds = startingDeadlineSeconds;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public EtlRetries getRetries() {
    return retries;
  }

  public void setRetries(EtlRetries retries) {
    this.retries = retries;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public EtlHistory getHistory() {
    return history;
  }

  public void setHistory(EtlHistory history) {
    this.history = history;
  }

  public EtlExtract getExtract() {
    return extract;
  }

  public void setExtract(EtlExtract extract) {
    this.extract = extract;
  }

  public List<TransformStep> getTransform() {
    return transform;
  }

  public void setTransform(List<TransformStep> transform) {
    this.transform = transform;
  }

  public EtlLoad getLoad() {
    return load;
  }

  public void setLoad(EtlLoad load) {
    this.load = load;
  }

  public EtlQuality getQuality() {
    return quality;
  }

  public void setQuality(EtlQuality quality) {
    this.quality = quality;
  }

  public WorkloadTemplate getTemplate() {
    return template;
  }

  public void setTemplate(WorkloadTemplate template) {
    this.template = template;
  }

  public EtlBackfill getBackfill() {
    return backfill;
  }

  public void setBackfill(EtlBackfill backfill) {
    this.backfill = backfill;
  }

  public EtlWaitFor getWaitFor() {
    return waitFor;
  }

  public void setWaitFor(EtlWaitFor waitFor) {
    this.waitFor = waitFor;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlScheduleSpec that = (EtlScheduleSpec) o;
    return Objects.equals(pipeline, that.pipeline)
        && Objects.equals(schedule, that.schedule)
        && Objects.equals(timeZone, that.timeZone)
        && Objects.equals(concurrencyPolicy, that.concurrencyPolicy)
        && Objects.equals(startingDeadlineSeconds, that.startingDeadlineSeconds)
        && Objects.equals(suspend, that.suspend)
        && Objects.equals(retries, that.retries)
        && Objects.equals(activeDeadlineSeconds, that.activeDeadlineSeconds)
        && Objects.equals(history, that.history)
        && Objects.equals(extract, that.extract)
        && Objects.equals(transform, that.transform)
        && Objects.equals(load, that.load)
        && Objects.equals(quality, that.quality)
        && Objects.equals(template, that.template)
        && Objects.equals(backfill, that.backfill)
        && Objects.equals(catchUp, that.catchUp)
        && Objects.equals(waitFor, that.waitFor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pipeline, schedule, timeZone, concurrencyPolicy, startingDeadlineSeconds, suspend, retries,
        activeDeadlineSeconds, history, extract, transform, load, quality, template, backfill, waitFor, catchUp);
  }

  @Override
  public String toString() {
    return "EtlScheduleSpec{"
        + "pipeline=" + pipeline
        + ", schedule=" + schedule
        + ", timeZone=" + timeZone
        + ", concurrencyPolicy=" + concurrencyPolicy
        + ", startingDeadlineSeconds=" + startingDeadlineSeconds
        + ", suspend=" + suspend
        + ", retries=" + retries
        + ", activeDeadlineSeconds=" + activeDeadlineSeconds
        + ", history=" + history
        + ", extract=" + extract
        + ", transform=" + transform
        + ", load=" + load
        + ", quality=" + quality
        + ", template=" + template
        + ", backfill=" + backfill
        + ", catchUp=" + catchUp
        + ", waitFor=" + waitFor
        + "}";
  }
}
