package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * How many finished Jobs are kept, and how many runs {@code status.recentRuns} lists.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlHistory {

  @JsonPropertyDescription("Successful Jobs kept. Default: 3.")
  @Min(0)
  @Default("3")
  private Integer successful = 3;

  @JsonPropertyDescription("Failed Jobs kept. Default: 1.")
  @Min(0)
  @Default("1")
  private Integer failed = 1;

  @JsonPropertyDescription("Finished runs listed in status.recentRuns. Default: 10.")
  @Min(0)
  @Max(100)
  @Default("10")
  private Integer runs = 10;

  public Integer getSuccessful() {
    return successful;
  }

  public void setSuccessful(Integer successful) {
    this.successful = successful;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public Integer getRuns() {
    return runs;
  }

  public void setRuns(Integer runs) {
    this.runs = runs;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlHistory that = (EtlHistory) o;
    return Objects.equals(successful, that.successful)
        && Objects.equals(failed, that.failed)
        && Objects.equals(runs, that.runs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(successful, failed, runs);
  }

  @Override
  public String toString() {
    return "EtlHistory{"
        + "successful=" + successful
        + ", failed=" + failed
        + ", runs=" + runs
        + "}";
  }
}
