package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to the Kafka topics of a Pipeline when the Pipeline is deleted. */
public enum TopicDeletionPolicy {
  /** Topics and their data stay. */
  @JsonProperty("Retain")
  RETAIN,
  /** Topics are deleted with the Pipeline. */
  @JsonProperty("Delete")
  DELETE;

  /** The value as written in YAML. */
  public String wireValue() {
    return switch (this) {
      case RETAIN -> "Retain";
      case DELETE -> "Delete";
    };
  }
}
