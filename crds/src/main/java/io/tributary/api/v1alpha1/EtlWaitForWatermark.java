package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * The event-time gate of {@code spec.waitFor}: a run waits until every partition of the topic
 * holds a record whose timestamp is at or after the end of the run's data interval.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlWaitForWatermark {

  @JsonPropertyDescription("A Kafka topic declared in the Pipeline. Its watermark is the smallest, over its partitions, of the largest record timestamp in the partition; the run starts once it is at or after the end of the run's data interval (the run's start for a run without one, such as run-now). An empty partition has no watermark, so the gate waits for every partition: an idle partition holds the run until waitFor.timeout.")
  @Required
  @Pattern(ApiPatterns.KAFKA_TOPIC)
  private String topic;

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    return Objects.equals(topic, ((EtlWaitForWatermark) o).topic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic);
  }

  @Override
  public String toString() {
    return "EtlWaitForWatermark{topic=" + topic + "}";
  }
}
