package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * What happens when a processor fails for a record.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ErrorPolicy {

  @JsonPropertyDescription("Attempts per record, the first included. Default: 3.")
  @Min(1)
  @Max(100)
  @Default("3")
  private Integer maxAttempts = 3;

  @JsonPropertyDescription("Delay between attempts.")
  private Backoff backoff;

  @JsonPropertyDescription("Send a record that failed every attempt to the dead-letter topic and go on. If false, the worker stops consuming and retries forever. Default: true.")
  @Default("true")
  private Boolean deadLetter = true;

  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Backoff getBackoff() {
    return backoff;
  }

  public void setBackoff(Backoff backoff) {
    this.backoff = backoff;
  }

  public Boolean getDeadLetter() {
    return deadLetter;
  }

  public void setDeadLetter(Boolean deadLetter) {
    this.deadLetter = deadLetter;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    ErrorPolicy that = (ErrorPolicy) o;
    return Objects.equals(maxAttempts, that.maxAttempts)
        && Objects.equals(backoff, that.backoff)
        && Objects.equals(deadLetter, that.deadLetter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, backoff, deadLetter);
  }

  @Override
  public String toString() {
    return "ErrorPolicy{"
        + "maxAttempts=" + maxAttempts
        + ", backoff=" + backoff
        + ", deadLetter=" + deadLetter
        + "}";
  }
}
