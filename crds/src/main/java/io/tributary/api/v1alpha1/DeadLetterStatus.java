package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.Objects;

/**
 * The Worker's dead letters not yet redriven, as the operator counted them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeadLetterStatus {

  @JsonPropertyDescription("The Pipeline's dead-letter topic counted.")
  private String topic;

  @JsonPropertyDescription("This Worker's records (tributary.component = its name) in the dead-letter topic, still"
      + " retained, not yet redriven: at or after, per partition, redrivenUntilOffsets. Counted by the operator,"
      + " incrementally (read again from the start after an operator restart).")
  private Long records;

  @JsonPropertyDescription("Timestamp of the oldest of those records (RFC 3339); absent when there are none.")
  private String oldestTime;

  @JsonPropertyDescription("When these numbers were counted (RFC 3339; written when they change).")
  private String observedTime;

  @JsonPropertyDescription("The dead-letter topic's offsets, by partition, up to which the last successful redrive"
      + " without a filter (no errorClass, fromTime, toTime, maxRecords) went: records before them count as"
      + " redriven. A filtered redrive does not change them.")
  private Map<String, Long> redrivenUntilOffsets;

  public String getTopic() { return topic; }
  public void setTopic(String topic) { this.topic = topic; }
  public Long getRecords() { return records; }
  public void setRecords(Long records) { this.records = records; }
  public String getOldestTime() { return oldestTime; }
  public void setOldestTime(String oldestTime) { this.oldestTime = oldestTime; }
  public String getObservedTime() { return observedTime; }
  public void setObservedTime(String observedTime) { this.observedTime = observedTime; }
  public Map<String, Long> getRedrivenUntilOffsets() { return redrivenUntilOffsets; }
  public void setRedrivenUntilOffsets(Map<String, Long> redrivenUntilOffsets) { this.redrivenUntilOffsets = redrivenUntilOffsets; }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof DeadLetterStatus t)) return false;
    return Objects.equals(topic, t.topic) && Objects.equals(records, t.records) && Objects.equals(oldestTime, t.oldestTime)
        && Objects.equals(observedTime, t.observedTime) && Objects.equals(redrivenUntilOffsets, t.redrivenUntilOffsets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, records, oldestTime, observedTime, redrivenUntilOffsets);
  }

  @Override
  public String toString() {
    return "DeadLetterStatus{topic=" + topic + ", records=" + records + ", oldestTime=" + oldestTime + ", observedTime="
        + observedTime + ", redrivenUntilOffsets=" + redrivenUntilOffsets + "}";
  }
}
