package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.Objects;

/**
 * Progress and result of the Worker's redrive request ({@code spec.redrive}): the audit trail.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedriveStatus {

  @JsonPropertyDescription("Id of the redrive in progress or last handled.")
  private String id;

  @JsonPropertyDescription("Running, Succeeded or Failed.")
  private String phase;

  @JsonPropertyDescription("Id of the last redrive carried out (Succeeded or Failed): never carried out again.")
  private String completedId;

  @JsonPropertyDescription("The dead-letter topic read.")
  private String topic;

  @JsonPropertyDescription("End offsets of the dead-letter topic when the redrive was requested, by partition"
      + " (\"0\": 120): records at or after them (dead-lettered later) are not part of this redrive.")
  private Map<String, Long> untilOffsets;

  @JsonPropertyDescription("This Worker's dead-letter records (tributary.component = the Worker's name) before"
      + " untilOffsets that match the filter (errorClass, fromTime, toTime) and were reached.")
  private Long matched;

  @JsonPropertyDescription("Records re-published to the input topic (with the header tributary.redrive.id).")
  private Long sent;

  @JsonPropertyDescription("This Worker's dead-letter records before untilOffsets not sent: outside the filter."
      + " Records of other components are not counted.")
  private Long skipped;

  @JsonPropertyDescription("When the operator accepted the request and fixed untilOffsets (RFC 3339).")
  private String requestedTime;

  @JsonPropertyDescription("When the records first started to be sent (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the redrive finished (RFC 3339).")
  private String finishTime;

  @JsonPropertyDescription("What happened, with the numbers, or why it failed.")
  private String message;

  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public String getPhase() { return phase; }
  public void setPhase(String phase) { this.phase = phase; }
  public String getCompletedId() { return completedId; }
  public void setCompletedId(String completedId) { this.completedId = completedId; }
  public String getTopic() { return topic; }
  public void setTopic(String topic) { this.topic = topic; }
  public Map<String, Long> getUntilOffsets() { return untilOffsets; }
  public void setUntilOffsets(Map<String, Long> untilOffsets) { this.untilOffsets = untilOffsets; }
  public Long getMatched() { return matched; }
  public void setMatched(Long matched) { this.matched = matched; }
  public Long getSent() { return sent; }
  public void setSent(Long sent) { this.sent = sent; }
  public Long getSkipped() { return skipped; }
  public void setSkipped(Long skipped) { this.skipped = skipped; }
  public String getRequestedTime() { return requestedTime; }
  public void setRequestedTime(String requestedTime) { this.requestedTime = requestedTime; }
  public String getStartTime() { return startTime; }
  public void setStartTime(String startTime) { this.startTime = startTime; }
  public String getFinishTime() { return finishTime; }
  public void setFinishTime(String finishTime) { this.finishTime = finishTime; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof RedriveStatus t)) return false;
    return Objects.equals(id, t.id) && Objects.equals(phase, t.phase) && Objects.equals(completedId, t.completedId)
        && Objects.equals(topic, t.topic) && Objects.equals(untilOffsets, t.untilOffsets)
        && Objects.equals(matched, t.matched) && Objects.equals(sent, t.sent) && Objects.equals(skipped, t.skipped)
        && Objects.equals(requestedTime, t.requestedTime) && Objects.equals(startTime, t.startTime)
        && Objects.equals(finishTime, t.finishTime) && Objects.equals(message, t.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, phase, completedId, topic, untilOffsets, matched, sent, skipped, requestedTime, startTime,
        finishTime, message);
  }

  @Override
  public String toString() {
    return "RedriveStatus{id=" + id + ", phase=" + phase + ", completedId=" + completedId + ", topic=" + topic
        + ", untilOffsets=" + untilOffsets + ", matched=" + matched + ", sent=" + sent + ", skipped=" + skipped
        + ", requestedTime=" + requestedTime + ", startTime=" + startTime + ", finishTime=" + finishTime
        + ", message=" + message + "}";
  }
}
