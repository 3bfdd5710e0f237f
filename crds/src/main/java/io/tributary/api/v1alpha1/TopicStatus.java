package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Observed state of one topic.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicStatus {

  @JsonPropertyDescription("Topic name.")
  private String name;

  @JsonPropertyDescription("Whether the topic exists and is ready.")
  private Boolean ready;

  @JsonPropertyDescription("Why the topic is not ready, if it is not.")
  private String message;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getReady() {
    return ready;
  }

  public void setReady(Boolean ready) {
    this.ready = ready;
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
    TopicStatus that = (TopicStatus) o;
    return Objects.equals(name, that.name)
        && Objects.equals(ready, that.ready)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, ready, message);
  }

  @Override
  public String toString() {
    return "TopicStatus{"
        + "name=" + name
        + ", ready=" + ready
        + ", message=" + message
        + "}";
  }
}
