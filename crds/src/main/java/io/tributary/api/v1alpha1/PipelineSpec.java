package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * The shared wiring of a pipeline: Kafka, Redis, topics, runtime image and monitoring.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineSpec {

  @JsonPropertyDescription("Kafka connection: exactly one of strimzi or bootstrapServers.")
  @Required
  private KafkaConnection kafka;

  @JsonPropertyDescription("Redis connection: exactly one of url or urlSecretRef.")
  @Required
  private RedisConnection redis;

  @JsonPropertyDescription("Topics the pipeline owns; Producers and Workers may only use these (and the dead-letter topic).")
  @Size(max = 100)
  @ValidationRule(value = "self.all(t, self.exists_one(u, u.name == t.name))", message = "topic names must be unique")
  private List<TopicSpec> topics;

  @JsonPropertyDescription("Dead-letter topic. Default: <pipeline>.dlq.")
  private DeadLetterSpec deadLetter;

  @JsonPropertyDescription("Runtime image and default resources.")
  private RuntimeSpec runtime;

  @JsonPropertyDescription("ServiceMonitor, PrometheusRule and dashboard, each created only where its CRD exists.")
  private MonitoringSpec monitoring;

  @JsonPropertyDescription("The NetworkPolicy of the Pipeline's pods: ingress only to the ingest and metrics ports, egress only to Kafka, Redis and DNS. Default: enabled, ingest and metrics from anyone.")
  private NetworkPolicySettings networkPolicy;

  @JsonPropertyDescription("Retain or Delete: what happens to the Kafka topics when the Pipeline is deleted. Default: Retain.")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  @Default("Retain")
  private TopicDeletionPolicy topicDeletionPolicy = TopicDeletionPolicy.RETAIN;

  public KafkaConnection getKafka() {
    return kafka;
  }

  public void setKafka(KafkaConnection kafka) {
    this.kafka = kafka;
  }

  public RedisConnection getRedis() {
    return redis;
  }

  public void setRedis(RedisConnection redis) {
    this.redis = redis;
  }

  public List<TopicSpec> getTopics() {
    return topics;
  }

  public void setTopics(List<TopicSpec> topics) {
    this.topics = topics;
  }

  public DeadLetterSpec getDeadLetter() {
    return deadLetter;
  }

  public void setDeadLetter(DeadLetterSpec deadLetter) {
    this.deadLetter = deadLetter;
  }

  public RuntimeSpec getRuntime() {
    return runtime;
  }

  public void setRuntime(RuntimeSpec runtime) {
    this.runtime = runtime;
  }

  public MonitoringSpec getMonitoring() {
    return monitoring;
  }

  public void setMonitoring(MonitoringSpec monitoring) {
    this.monitoring = monitoring;
  }

  public NetworkPolicySettings getNetworkPolicy() {
    return networkPolicy;
  }

  public void setNetworkPolicy(NetworkPolicySettings networkPolicy) {
    this.networkPolicy = networkPolicy;
  }

  public TopicDeletionPolicy getTopicDeletionPolicy() {
    return topicDeletionPolicy;
  }

  public void setTopicDeletionPolicy(TopicDeletionPolicy topicDeletionPolicy) {
    this.topicDeletionPolicy = topicDeletionPolicy;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    PipelineSpec that = (PipelineSpec) o;
    return Objects.equals(kafka, that.kafka)
        && Objects.equals(redis, that.redis)
        && Objects.equals(topics, that.topics)
        && Objects.equals(deadLetter, that.deadLetter)
        && Objects.equals(runtime, that.runtime)
        && Objects.equals(monitoring, that.monitoring)
        && Objects.equals(networkPolicy, that.networkPolicy)
        && Objects.equals(topicDeletionPolicy, that.topicDeletionPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kafka, redis, topics, deadLetter, runtime, monitoring, networkPolicy, topicDeletionPolicy);
  }

  @Override
  public String toString() {
    return "PipelineSpec{"
        + "kafka=" + kafka
        + ", redis=" + redis
        + ", topics=" + topics
        + ", deadLetter=" + deadLetter
        + ", runtime=" + runtime
        + ", monitoring=" + monitoring
        + ", networkPolicy=" + networkPolicy
        + ", topicDeletionPolicy=" + topicDeletionPolicy
        + "}";
  }
}
