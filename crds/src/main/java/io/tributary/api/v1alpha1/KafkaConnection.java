package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * How the runtime reaches Kafka: exactly one of strimzi or bootstrapServers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.strimzi), has(self.bootstrapServers)].exists_one(x, x)",
    message = "spec.kafka: exactly one of strimzi, bootstrapServers must be set")
@ValidationRule(
    value = "!has(self.bootstrapServers) || !has(self.authentication) || has(self.authentication.secretRef)",
    message = "authentication.secretRef is required with bootstrapServers")
public class KafkaConnection {

  @JsonPropertyDescription("A Strimzi-managed cluster: topics are KafkaTopic resources, the bootstrap address comes from the cluster's listener.")
  private StrimziKafka strimzi;

  @JsonPropertyDescription("Plain Kafka: comma-separated host:port list; topics are created through the Kafka Admin API.")
  @Pattern(ApiPatterns.BOOTSTRAP_SERVERS)
  private String bootstrapServers;

  @JsonPropertyDescription("Client authentication. Default: none. With strimzi the operator makes a KafkaUser (this type) for itself and for each Producer, Worker and EtlSchedule, each with only the ACLs it uses.")
  private KafkaAuthentication authentication;

  @JsonPropertyDescription("TLS to the brokers. Default: plaintext.")
  private KafkaTls tls;

  public StrimziKafka getStrimzi() {
    return strimzi;
  }

  public void setStrimzi(StrimziKafka strimzi) {
    this.strimzi = strimzi;
  }

  public String getBootstrapServers() {
    return bootstrapServers;
  }

  public void setBootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  public KafkaAuthentication getAuthentication() {
    return authentication;
  }

  public void setAuthentication(KafkaAuthentication authentication) {
    this.authentication = authentication;
  }

  public KafkaTls getTls() {
    return tls;
  }

  public void setTls(KafkaTls tls) {
    this.tls = tls;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    KafkaConnection that = (KafkaConnection) o;
    return Objects.equals(strimzi, that.strimzi)
        && Objects.equals(bootstrapServers, that.bootstrapServers)
        && Objects.equals(authentication, that.authentication)
        && Objects.equals(tls, that.tls);
  }

  @Override
  public int hashCode() {
    return Objects.hash(strimzi, bootstrapServers, authentication, tls);
  }

  @Override
  public String toString() {
    return "KafkaConnection{"
        + "strimzi=" + strimzi
        + ", bootstrapServers=" + bootstrapServers
        + ", authentication=" + authentication
        + ", tls=" + tls
        + "}";
  }
}
