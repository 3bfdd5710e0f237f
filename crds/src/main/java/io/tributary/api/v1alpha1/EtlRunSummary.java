package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Summary of one run, from the Job's termination message.
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

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlRunSummary that = (EtlRunSummary) o;
    return Objects.equals(job, that.job)
        && Objects.equals(result, that.result)
        && Objects.equals(records, that.records)
        && Objects.equals(durationSeconds, that.durationSeconds)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(job, result, records, durationSeconds, message);
  }

  @Override
  public String toString() {
    return "EtlRunSummary{"
        + "job=" + job
        + ", result=" + result
        + ", records=" + records
        + ", durationSeconds=" + durationSeconds
        + ", message=" + message
        + "}";
  }
}
