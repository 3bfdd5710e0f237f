package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Where a run writes: exactly one of redisHash or topic.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.redisHash), has(self.topic)].exists_one(x, x)",
    message = "spec.load: exactly one of redisHash, topic must be set")
public class EtlLoad {

  @JsonPropertyDescription("Redis hashes.")
  private RedisHashLoad redisHash;

  @JsonPropertyDescription("A Kafka topic.")
  private TopicLoad topic;

  public RedisHashLoad getRedisHash() {
    return redisHash;
  }

  public void setRedisHash(RedisHashLoad redisHash) {
    this.redisHash = redisHash;
  }

  public TopicLoad getTopic() {
    return topic;
  }

  public void setTopic(TopicLoad topic) {
    this.topic = topic;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlLoad that = (EtlLoad) o;
    return Objects.equals(redisHash, that.redisHash)
        && Objects.equals(topic, that.topic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(redisHash, topic);
  }

  @Override
  public String toString() {
    return "EtlLoad{"
        + "redisHash=" + redisHash
        + ", topic=" + topic
        + "}";
  }
}
