package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * XADD the record to a Redis stream (reliable task allocation for a redisStream Worker).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnqueueProcessor {

  @JsonPropertyDescription("Stream key template, e.g. tasks:market_data.")
  @Required
  @Size(min = 1)
  private String stream;

  @JsonPropertyDescription("Approximate cap of the stream length (XADD MAXLEN ~). Default: 100000.")
  @Min(1)
  @Default("100000")
  private Long maxLen = 100000L;

  public String getStream() {
    return stream;
  }

  public void setStream(String stream) {
    this.stream = stream;
  }

  public Long getMaxLen() {
    return maxLen;
  }

  public void setMaxLen(Long maxLen) {
    this.maxLen = maxLen;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EnqueueProcessor that = (EnqueueProcessor) o;
    return Objects.equals(stream, that.stream)
        && Objects.equals(maxLen, that.maxLen);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stream, maxLen);
  }

  @Override
  public String toString() {
    return "EnqueueProcessor{"
        + "stream=" + stream
        + ", maxLen=" + maxLen
        + "}";
  }
}
