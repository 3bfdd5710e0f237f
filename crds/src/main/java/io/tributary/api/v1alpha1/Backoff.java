package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.Objects;

/**
 * Exponential backoff between attempts.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Backoff {

  @JsonPropertyDescription("First delay. Default: 200ms.")
  @Pattern(ApiPatterns.DURATION)
  @Default("200ms")
  private String initial = "200ms";

  @JsonPropertyDescription("Factor applied after each attempt. Default: 2.")
  @Min(1)
  @Default("2")
  private Double multiplier = 2.0;

  @JsonPropertyDescription("Largest delay. Default: 10s.")
  @Pattern(ApiPatterns.DURATION)
  @Default("10s")
  private String max = "10s";

  public String getInitial() {
    return initial;
  }

  public void setInitial(String initial) {
    this.initial = initial;
  }

  public Double getMultiplier() {
    return multiplier;
  }

  public void setMultiplier(Double multiplier) {
    this.multiplier = multiplier;
  }

  public String getMax() {
    return max;
  }

  public void setMax(String max) {
    this.max = max;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    Backoff that = (Backoff) o;
    return Objects.equals(initial, that.initial)
        && Objects.equals(multiplier, that.multiplier)
        && Objects.equals(max, that.max);
  }

  @Override
  public int hashCode() {
    return Objects.hash(initial, multiplier, max);
  }

  @Override
  public String toString() {
    return "Backoff{"
        + "initial=" + initial
        + ", multiplier=" + multiplier
        + ", max=" + max
        + "}";
  }
}
