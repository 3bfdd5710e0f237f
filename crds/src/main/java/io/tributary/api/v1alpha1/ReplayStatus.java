package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Progress of the Worker's replay request ({@code spec.replay}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplayStatus {

  @JsonPropertyDescription("Id of the replay in progress or last handled.")
  private String id;

  @JsonPropertyDescription("Stopping (Deployment held at 0, waiting for its pods to go), Resetting (offsets"
      + " being moved), Resuming (replicas restored), Done, or Failed.")
  private String phase;

  @JsonPropertyDescription("Id of the last replay carried out (Done or Failed): never carried out again.")
  private String completedId;

  @JsonPropertyDescription("Deployment replicas before the replay stopped it; restored on resume.")
  private Integer replicasBefore;

  @JsonPropertyDescription("Records behind the end of the input topic before the reset.")
  private Long lagAtStart;

  @JsonPropertyDescription("Records to be consumed again: the sum over partitions of committed minus new offset.")
  private Long recordsToReplay;

  @JsonPropertyDescription("When the replay started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the offsets were reset (RFC 3339).")
  private String resetTime;

  @JsonPropertyDescription("When the replay finished (RFC 3339).")
  private String finishTime;

  @JsonPropertyDescription("What happened, with the numbers, or why it failed.")
  private String message;

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public String getPhase() { return phase; }
  public void setPhase(String phase) { this.phase = phase; }
  public String getCompletedId() { return completedId; }
  public void setCompletedId(String completedId) { this.completedId = completedId; }
  public Integer getReplicasBefore() { return replicasBefore; }
  public void setReplicasBefore(Integer replicasBefore) { this.replicasBefore = replicasBefore; }
  public Long getLagAtStart() { return lagAtStart; }
  public void setLagAtStart(Long lagAtStart) { this.lagAtStart = lagAtStart; }
  public Long getRecordsToReplay() { return recordsToReplay; }
  public void setRecordsToReplay(Long recordsToReplay) { this.recordsToReplay = recordsToReplay; }
  public String getStartTime() { return startTime; }
  public void setStartTime(String startTime) { this.startTime = startTime; }
  public String getResetTime() { return resetTime; }
  public void setResetTime(String resetTime) { this.resetTime = resetTime; }
  public String getFinishTime() { return finishTime; }
  public void setFinishTime(String finishTime) { this.finishTime = finishTime; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof ReplayStatus t)) return false;
    return Objects.equals(id, t.id) && Objects.equals(phase, t.phase) && Objects.equals(completedId, t.completedId)
        && Objects.equals(replicasBefore, t.replicasBefore) && Objects.equals(lagAtStart, t.lagAtStart)
        && Objects.equals(recordsToReplay, t.recordsToReplay) && Objects.equals(startTime, t.startTime)
        && Objects.equals(resetTime, t.resetTime) && Objects.equals(finishTime, t.finishTime)
        && Objects.equals(message, t.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, phase, completedId, replicasBefore, lagAtStart, recordsToReplay, startTime, resetTime,
        finishTime, message);
  }

  @Override
  public String toString() {
    return "ReplayStatus{id=" + id + ", phase=" + phase + ", completedId=" + completedId + ", replicasBefore="
        + replicasBefore + ", lagAtStart=" + lagAtStart + ", recordsToReplay=" + recordsToReplay + ", startTime="
        + startTime + ", resetTime=" + resetTime + ", finishTime=" + finishTime + ", message=" + message + "}";
  }
}
