package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * Synthetic phone calls: Poisson arrivals, exponentially distributed durations ({call_id, caller,
 * callee, duration, start_ts, ts}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CallsSource {

  @JsonPropertyDescription("Mean arrival rate. Default: 600.")
  @Min(value = 0, inclusive = false)
  @Default("600")
  private Double callsPerMinute = 600.0;

  @JsonPropertyDescription("Mean call duration in seconds. Default: 60.")
  @Min(value = 0, inclusive = false)
  @Default("60")
  private Double meanDurationSeconds = 60.0;

  @JsonPropertyDescription("Random seed. Default: random.")
  private Long seed;

  public Double getCallsPerMinute() {
    return callsPerMinute;
  }

  public void setCallsPerMinute(Double callsPerMinute) {
    this.callsPerMinute = callsPerMinute;
  }

  public Double getMeanDurationSeconds() {
    return meanDurationSeconds;
  }

  public void setMeanDurationSeconds(Double meanDurationSeconds) {
    this.meanDurationSeconds = meanDurationSeconds;
  }

  public Long getSeed() {
    return seed;
  }

  public void setSeed(Long seed) {
    this.seed = seed;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    CallsSource that = (CallsSource) o;
    return Objects.equals(callsPerMinute, that.callsPerMinute)
        && Objects.equals(meanDurationSeconds, that.meanDurationSeconds)
        && Objects.equals(seed, that.seed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(callsPerMinute, meanDurationSeconds, seed);
  }

  @Override
  public String toString() {
    return "CallsSource{"
        + "callsPerMinute=" + callsPerMinute
        + ", meanDurationSeconds=" + meanDurationSeconds
        + ", seed=" + seed
        + "}";
  }
}
