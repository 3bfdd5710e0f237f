package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import java.util.Objects;

/**
 * A declarative replay request: rewind the Worker's consumer group. Carried out once per {@code id}
 * (like the Flink operator's {@code savepointTriggerNonce}): leaving the request as it is, or
 * setting an id already carried out, does nothing.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.fromTimestamp), has(self.toEarliest) && self.toEarliest, has(self.toOffsets)].exists_one(x, x)",
    message = "spec.replay: exactly one of fromTimestamp, toEarliest: true, toOffsets must be set")
public class WorkerReplay {

  @JsonPropertyDescription("Request id (nonce). A new id starts a replay; an id carried out before"
      + " (status.replay.completedId) is never carried out again, also across operator restarts.")
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")
  private String id;

  @JsonPropertyDescription("Rewind each partition to the first record with a timestamp at or after this"
      + " instant (RFC 3339, e.g. 2026-12-01T00:00:00Z; Kafka offsetsForTimes); a partition with no such"
      + " record goes to its end.")
  private String fromTimestamp;

  @JsonPropertyDescription("true: rewind each partition to its earliest retained record.")
  private Boolean toEarliest;

  @JsonPropertyDescription("Explicit offsets by partition number (\"0\": 120); partitions not listed keep"
      + " their committed offset.")
  private Map<String, Long> toOffsets;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getFromTimestamp() {
    return fromTimestamp;
  }

  public void setFromTimestamp(String fromTimestamp) {
    this.fromTimestamp = fromTimestamp;
  }

  public Boolean getToEarliest() {
    return toEarliest;
  }

  public void setToEarliest(Boolean toEarliest) {
    this.toEarliest = toEarliest;
  }

  public Map<String, Long> getToOffsets() {
    return toOffsets;
  }

  public void setToOffsets(Map<String, Long> toOffsets) {
    this.toOffsets = toOffsets;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof WorkerReplay that)) return false;
    return Objects.equals(id, that.id) && Objects.equals(fromTimestamp, that.fromTimestamp)
        && Objects.equals(toEarliest, that.toEarliest) && Objects.equals(toOffsets, that.toOffsets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, fromTimestamp, toEarliest, toOffsets);
  }

  @Override
  public String toString() {
    return "WorkerReplay{id=" + id + ", fromTimestamp=" + fromTimestamp + ", toEarliest=" + toEarliest
        + ", toOffsets=" + toOffsets + "}";
  }
}
