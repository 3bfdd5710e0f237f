package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/**
 * Retries of a failed run inside the same Job, waiting delay, delay*multiplier, ... Absent: a
 * failed run is not retried.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlRetries {

  @JsonPropertyDescription("Further attempts after the first. Default: 3.")
  @Min(0)
  @Max(100)
  @Default("3")
  private Integer limit = 3;

  @JsonPropertyDescription("Delay before the first retry. Default: 30s.")
  @Pattern(ApiPatterns.DURATION)
  @Default("30s")
  private String delay = "30s";

  @JsonPropertyDescription("Factor applied to the delay after each retry. Default: 2.")
  @Min(1)
  @Default("2")
  private Double multiplier = 2.0;

  public Integer getLimit() {
    return limit;
  }

  public void setLimit(Integer limit) {
    this.limit = limit;
  }

  public String getDelay() {
    return delay;
  }

  public void setDelay(String delay) {
    this.delay = delay;
  }

  public Double getMultiplier() {
    return multiplier;
  }

  public void setMultiplier(Double multiplier) {
    this.multiplier = multiplier;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlRetries that = (EtlRetries) o;
    return Objects.equals(limit, that.limit)
        && Objects.equals(delay, that.delay)
        && Objects.equals(multiplier, that.multiplier);
  }

  @Override
  public int hashCode() {
    return Objects.hash(limit, delay, multiplier);
  }

  @Override
  public String toString() {
    return "EtlRetries{"
        + "limit=" + limit
        + ", delay=" + delay
        + ", multiplier=" + multiplier
        + "}";
  }
}
