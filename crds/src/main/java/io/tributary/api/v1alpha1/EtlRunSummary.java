package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Summary of one run, from the Job's termination message (the runtime's {@code EtlSummary}) and
 * the Job's status.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlRunSummary {

  @JsonPropertyDescription("Name of the Job.")
  private String job;

  @JsonPropertyDescription("Succeeded or Failed.")
  private String result;

  @JsonPropertyDescription("Records loaded.")
  private Long records;

  @JsonPropertyDescription("Run duration in seconds.")
  private Double durationSeconds;

  @JsonPropertyDescription("Error or summary message.")
  private String message;

  @JsonPropertyDescription("Start of the data interval the run covered (RFC 3339), inclusive; absent for a run without one (run-now).")
  private String dataIntervalStart;

  @JsonPropertyDescription("End of the data interval (RFC 3339), exclusive.")
  private String dataIntervalEnd;

  @JsonPropertyDescription("Records the extract read.")
  private Long extracted;

  @JsonPropertyDescription("Records refused as unreadable or with an unusable number, by the extract or the transforms.")
  private Long rejected;

  @JsonPropertyDescription("Tries the run took (1 plus its retries).")
  private Integer attempts;

  @JsonPropertyDescription("When the run's Job finished (RFC 3339).")
  private String finishTime;

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }

  public String getResult() {
    return result;
  }

  public void setResult(String result) {
    this.result = result;
  }

  public Long getRecords() {
    return records;
  }

  public void setRecords(Long records) {
    this.records = records;
  }

  public Double getDurationSeconds() {
    return durationSeconds;
  }

  public void setDurationSeconds(Double durationSeconds) {
    this.durationSeconds = durationSeconds;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getDataIntervalStart() {
    return dataIntervalStart;
  }

  public void setDataIntervalStart(String dataIntervalStart) {
    this.dataIntervalStart = dataIntervalStart;
  }

  public String getDataIntervalEnd() {
    return dataIntervalEnd;
  }

  public void setDataIntervalEnd(String dataIntervalEnd) {
    this.dataIntervalEnd = dataIntervalEnd;
  }

  public Long getExtracted() {
    return extracted;
  }

  public void setExtracted(Long extracted) {
    this.extracted = extracted;
  }

  public Long getRejected() {
    return rejected;
  }

  public void setRejected(Long rejected) {
    this.rejected = rejected;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public String getFinishTime() {
    return finishTime;
  }

  public void setFinishTime(String finishTime) {
    this.finishTime = finishTime;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlRunSummary that = (EtlRunSummary) o;
    return Objects.equals(job, that.job)
        && Objects.equals(result, that.result)
        && Objects.equals(records, that.records)
        && Objects.equals(durationSeconds, that.durationSeconds)
        && Objects.equals(message, that.message)
        && Objects.equals(dataIntervalStart, that.dataIntervalStart)
        && Objects.equals(dataIntervalEnd, that.dataIntervalEnd)
        && Objects.equals(extracted, that.extracted)
        && Objects.equals(rejected, that.rejected)
        && Objects.equals(attempts, that.attempts)
        && Objects.equals(finishTime, that.finishTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(job, result, records, durationSeconds, message, dataIntervalStart, dataIntervalEnd, extracted,
        rejected, attempts, finishTime);
  }

  @Override
  public String toString() {
    return "EtlRunSummary{"
        + "job=" + job
        + ", result=" + result
        + ", records=" + records
        + ", durationSeconds=" + durationSeconds
        + ", message=" + message
        + ", dataIntervalStart=" + dataIntervalStart
        + ", dataIntervalEnd=" + dataIntervalEnd
        + ", extracted=" + extracted
        + ", rejected=" + rejected
        + ", attempts=" + attempts
        + ", finishTime=" + finishTime
        + "}";
  }
}
