package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * How many finished Jobs are kept.
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

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlHistory that = (EtlHistory) o;
    return Objects.equals(successful, that.successful)
        && Objects.equals(failed, that.failed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(successful, failed);
  }

  @Override
  public String toString() {
    return "EtlHistory{"
        + "successful=" + successful
        + ", failed=" + failed
        + "}";
  }
}
