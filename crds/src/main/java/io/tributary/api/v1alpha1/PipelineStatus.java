package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.tributary.api.crdgen.StatusSchema;
import java.util.List;
import java.util.Objects;

/**
 * Observed state of a Pipeline.
 */
// conditions: map list keyed by type, described; RFC 3339 times as format date-time (see StatusSchema)
@SchemaCustomizer(value = StatusSchema.class, input = "")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineStatus extends TributaryStatus {

  @JsonPropertyDescription("Each declared topic and the dead-letter topic, with readiness.")
  private List<TopicStatus> topics;

  @JsonPropertyDescription("Plain Kafka (bootstrapServers): the declared topics this Pipeline created"
      + " through the Admin API. Only these are deleted with topicDeletionPolicy Delete; a topic that"
      + " existed before is only used.")
  private List<String> createdTopics;

  @JsonPropertyDescription("The Kafka bootstrap address the components use.")
  private String bootstrapServers;

  @JsonPropertyDescription("The prefix of every Redis key, channel and stream name of this"
      + " Pipeline's components: spec.redis.keyPrefix, or the default <namespace>.<pipeline>:;"
      + " absent without spec.redis.")
  private String redisKeyPrefix;

  @JsonPropertyDescription("Number of Producers referencing this Pipeline.")
  private Integer producers;

  @JsonPropertyDescription("Number of Workers referencing this Pipeline.")
  private Integer workers;

  @JsonPropertyDescription("Number of EtlSchedules referencing this Pipeline.")
  private Integer schedules;

  @JsonPropertyDescription("Sum of the lag of all Workers of the pipeline (records).")
  private Long totalLag;

  public List<TopicStatus> getTopics() {
    return topics;
  }

  public void setTopics(List<TopicStatus> topics) {
    this.topics = topics;
  }

  public List<String> getCreatedTopics() {
    return createdTopics;
  }

  public void setCreatedTopics(List<String> createdTopics) {
    this.createdTopics = createdTopics;
  }

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public String getRedisKeyPrefix() {
    return redisKeyPrefix;
  }

  public void setRedisKeyPrefix(String redisKeyPrefix) {
    this.redisKeyPrefix = redisKeyPrefix;
  }

  public Integer getProducers() {
    return producers;
  }

  public void setProducers(Integer producers) {
    this.producers = producers;
  }

  public Integer getWorkers() {
    return workers;
  }

  public void setWorkers(Integer workers) {
    this.workers = workers;
  }

  public Integer getSchedules() {
    return schedules;
  }

  public void setSchedules(Integer schedules) {
    this.schedules = schedules;
  }

  public Long getTotalLag() {
    return totalLag;
  }

  public void setTotalLag(Long totalLag) {
    this.totalLag = totalLag;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    if (!super.equals(o)) return false;
    PipelineStatus that = (PipelineStatus) o;
    return Objects.equals(topics, that.topics)
        && Objects.equals(createdTopics, that.createdTopics)
        && Objects.equals(bootstrapServers, that.bootstrapServers)
        && Objects.equals(redisKeyPrefix, that.redisKeyPrefix)
        && Objects.equals(producers, that.producers)
        && Objects.equals(workers, that.workers)
        && Objects.equals(schedules, that.schedules)
        && Objects.equals(totalLag, that.totalLag);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), topics, createdTopics, bootstrapServers, redisKeyPrefix, producers, workers, schedules, totalLag);
  }

  @Override
  public String toString() {
    return "PipelineStatus{"
        + "topics=" + topics
        + ", createdTopics=" + createdTopics
        + ", bootstrapServers=" + bootstrapServers
        + ", redisKeyPrefix=" + redisKeyPrefix
        + ", producers=" + producers
        + ", workers=" + workers
        + ", schedules=" + schedules
        + ", totalLag=" + totalLag
        + ", " + super.toString()
        + "}";
  }
}
