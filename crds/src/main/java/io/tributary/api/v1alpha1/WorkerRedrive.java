package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A declarative redrive request: re-publish this Worker's dead-lettered records (those of the
 * Pipeline's dead-letter topic whose {@code tributary.component} header is the Worker's name) to
 * its input topic. Carried out once per {@code id}, like {@link WorkerReplay}: leaving the request
 * as it is, or setting an id carried out before, does nothing.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkerRedrive {

  @JsonPropertyDescription("Request id (nonce). A new id starts a redrive; an id carried out before"
      + " (status.redrive.completedId) is never carried out again, also across operator restarts. Each record"
      + " is sent at most once per id: the position in the dead-letter topic is committed in the same Kafka"
      + " transaction as the records sent.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
  private String id;

  @JsonPropertyDescription("Only records whose tributary.error.class header is exactly this (e.g."
      + " java.lang.IllegalStateException). Default: any.")
  private String errorClass;

  @JsonPropertyDescription("Only records dead-lettered at or after this instant (RFC 3339, on the dead-letter"
      + " record's timestamp). Default: any.")
  private String fromTime;

  @JsonPropertyDescription("Only records dead-lettered before this instant (RFC 3339, exclusive). Default: any.")
  private String toTime;

  @JsonPropertyDescription("Stop after sending this many records. Default: no limit.")
  @Min(1)
  private Long maxRecords;

  @JsonPropertyDescription("Records sent per second at most.")
  @Min(1)
  @Max(100000)
  @Default("500")
  private Integer recordsPerSecond = 500;

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public String getErrorClass() { return errorClass; }
  public void setErrorClass(String errorClass) { this.errorClass = errorClass; }
  public String getFromTime() { return fromTime; }
  public void setFromTime(String fromTime) { this.fromTime = fromTime; }
  public String getToTime() { return toTime; }
  public void setToTime(String toTime) { this.toTime = toTime; }
  public Long getMaxRecords() { return maxRecords; }
  public void setMaxRecords(Long maxRecords) { this.maxRecords = maxRecords; }
  public Integer getRecordsPerSecond() { return recordsPerSecond; }
  public void setRecordsPerSecond(Integer recordsPerSecond) { this.recordsPerSecond = recordsPerSecond; }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof WorkerRedrive t)) return false;
    return Objects.equals(id, t.id) && Objects.equals(errorClass, t.errorClass) && Objects.equals(fromTime, t.fromTime)
        && Objects.equals(toTime, t.toTime) && Objects.equals(maxRecords, t.maxRecords)
        && Objects.equals(recordsPerSecond, t.recordsPerSecond);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, errorClass, fromTime, toTime, maxRecords, recordsPerSecond);
  }

  @Override
  public String toString() {
    return "WorkerRedrive{id=" + id + ", errorClass=" + errorClass + ", fromTime=" + fromTime + ", toTime=" + toTime
        + ", maxRecords=" + maxRecords + ", recordsPerSecond=" + recordsPerSecond + "}";
  }
}
