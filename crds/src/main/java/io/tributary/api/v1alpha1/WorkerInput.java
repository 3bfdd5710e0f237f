package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Where a Worker reads records: exactly one of topic or redisStream.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.topic), has(self.redisStream)].exists_one(x, x)",
    message = "spec.input: exactly one of topic, redisStream must be set")
public class WorkerInput {

  @JsonPropertyDescription("A Kafka topic of the Pipeline.")
  private TopicInput topic;

  @JsonPropertyDescription("A Redis stream.")
  private RedisStreamInput redisStream;

  public TopicInput getTopic() {
    return topic;
  }

  public void setTopic(TopicInput topic) {
    this.topic = topic;
  }

  public RedisStreamInput getRedisStream() {
    return redisStream;
  }

  public void setRedisStream(RedisStreamInput redisStream) {
    this.redisStream = redisStream;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    WorkerInput that = (WorkerInput) o;
    return Objects.equals(topic, that.topic)
        && Objects.equals(redisStream, that.redisStream);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, redisStream);
  }

  @Override
  public String toString() {
    return "WorkerInput{"
        + "topic=" + topic
        + ", redisStream=" + redisStream
        + "}";
  }
}
