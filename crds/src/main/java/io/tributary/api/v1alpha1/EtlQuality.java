package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import java.util.List;
import java.util.Objects;

/**
 * Checks on the transformed records, before the load; a run that fails them loads nothing and
 * fails.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlQuality {

  @JsonPropertyDescription("Fewest records for a run to succeed. Default: 0.")
  @Min(0)
  @Default("0")
  private Long minRecords = 0L;

  @JsonPropertyDescription("Fields every transformed record must have (not null).")
  private List<String> requiredFields;

  public Long getMinRecords() {
    return minRecords;
  }

  public void setMinRecords(Long minRecords) {
    this.minRecords = minRecords;
  }

  public List<String> getRequiredFields() {
    return requiredFields;
  }

  public void setRequiredFields(List<String> requiredFields) {
    this.requiredFields = requiredFields;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlQuality that = (EtlQuality) o;
    return Objects.equals(minRecords, that.minRecords)
        && Objects.equals(requiredFields, that.requiredFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(minRecords, requiredFields);
  }

  @Override
  public String toString() {
    return "EtlQuality{"
        + "minRecords=" + minRecords
        + ", requiredFields=" + requiredFields
        + "}";
  }
}
