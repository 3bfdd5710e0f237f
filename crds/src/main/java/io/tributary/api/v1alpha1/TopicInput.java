package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * Consume a Kafka topic.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicInput {

  @JsonPropertyDescription("Topic; must be declared in the Pipeline.")
  @Required
  @Pattern(ApiPatterns.KAFKA_TOPIC)
  private String name;

  @JsonPropertyDescription("Kafka consumer group. Default: <pipeline>.<worker>.")
  @Size(min = 1, max = 255)
  private String consumerGroup;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getConsumerGroup() {
    return consumerGroup;
  }

  public void setConsumerGroup(String consumerGroup) {
    this.consumerGroup = consumerGroup;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    TopicInput that = (TopicInput) o;
    return Objects.equals(name, that.name)
        && Objects.equals(consumerGroup, that.consumerGroup);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, consumerGroup);
  }

  @Override
  public String toString() {
    return "TopicInput{"
        + "name=" + name
        + ", consumerGroup=" + consumerGroup
        + "}";
  }
}
