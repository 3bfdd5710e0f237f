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
 * Consume a Redis stream with a consumer group (reliable task allocation; entries are acknowledged
 * after processing).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisStreamInput {

  @JsonPropertyDescription("Stream key, e.g. tasks:market_data.")
  @Required
  @Size(min = 1)
  private String stream;

  @JsonPropertyDescription("Consumer group, created at the stream's start if missing. Default: <pipeline>.<worker>.")
  @Size(min = 1)
  private String group;

  @JsonPropertyDescription("Entries pending longer than this at a consumer that went away are claimed by another replica. Default: 1m.")
  @Pattern(ApiPatterns.DURATION)
  private String claimIdleTimeout;

  public String getStream() {
    return stream;
  }

  public void setStream(String stream) {
    this.stream = stream;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public String getClaimIdleTimeout() {
    return claimIdleTimeout;
  }

  public void setClaimIdleTimeout(String claimIdleTimeout) {
    this.claimIdleTimeout = claimIdleTimeout;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    RedisStreamInput that = (RedisStreamInput) o;
    return Objects.equals(stream, that.stream)
        && Objects.equals(group, that.group)
        && Objects.equals(claimIdleTimeout, that.claimIdleTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stream, group, claimIdleTimeout);
  }

  @Override
  public String toString() {
    return "RedisStreamInput{"
        + "stream=" + stream
        + ", group=" + group
        + ", claimIdleTimeout=" + claimIdleTimeout
        + "}";
  }
}
