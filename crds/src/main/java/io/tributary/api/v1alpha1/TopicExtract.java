package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * Read a bounded slice of a topic: from the group's committed offsets to the end offsets at the
 * run's start; offsets are committed only after the load succeeded.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicExtract {

  @JsonPropertyDescription("Topic; must be declared in the Pipeline.")
  @Required
  @Pattern(ApiPatterns.KAFKA_TOPIC)
  private String name;

  @JsonPropertyDescription("Most records per run. Default: 100000.")
  @Min(1)
  @Default("100000")
  private Long maxRecords = 100000L;

  @JsonPropertyDescription("Consumer group. Default: <pipeline>.etl.<schedule>.")
  @Size(min = 1, max = 255)
  private String consumerGroup;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Long getMaxRecords() {
    return maxRecords;
  }

  public void setMaxRecords(Long maxRecords) {
    this.maxRecords = maxRecords;
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
    TopicExtract that = (TopicExtract) o;
    return Objects.equals(name, that.name)
        && Objects.equals(maxRecords, that.maxRecords)
        && Objects.equals(consumerGroup, that.consumerGroup);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, maxRecords, consumerGroup);
  }

  @Override
  public String toString() {
    return "TopicExtract{"
        + "name=" + name
        + ", maxRecords=" + maxRecords
        + ", consumerGroup=" + consumerGroup
        + "}";
  }
}
