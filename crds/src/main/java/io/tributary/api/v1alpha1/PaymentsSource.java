package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * Synthetic payments ({payment_id, merchant, customer, amount, currency, suspicious, ts}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PaymentsSource {

  @JsonPropertyDescription("Payments per second. Default: 200.")
  @Min(value = 0, inclusive = false)
  @Default("200")
  private Double ratePerSecond = 200.0;

  @JsonPropertyDescription("Share of payments marked suspicious, 0 to 1. Default: 0.01.")
  @Min(0)
  @Max(1)
  @Default("0.01")
  private Double fraudRatio = 0.01;

  @JsonPropertyDescription("Random seed. Default: random.")
  private Long seed;

  public Double getRatePerSecond() {
    return ratePerSecond;
  }

  public void setRatePerSecond(Double ratePerSecond) {
    this.ratePerSecond = ratePerSecond;
  }

  public Double getFraudRatio() {
    return fraudRatio;
  }

  public void setFraudRatio(Double fraudRatio) {
    this.fraudRatio = fraudRatio;
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
    PaymentsSource that = (PaymentsSource) o;
    return Objects.equals(ratePerSecond, that.ratePerSecond)
        && Objects.equals(fraudRatio, that.fraudRatio)
        && Objects.equals(seed, that.seed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ratePerSecond, fraudRatio, seed);
  }

  @Override
  public String toString() {
    return "PaymentsSource{"
        + "ratePerSecond=" + ratePerSecond
        + ", fraudRatio=" + fraudRatio
        + ", seed=" + seed
        + "}";
  }
}
