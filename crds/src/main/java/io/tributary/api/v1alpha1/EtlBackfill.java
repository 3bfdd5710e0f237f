package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A backfill request: one run per schedule period in {@code [from, to)}, each with that period as
 * its data interval, in order, at most {@code maxConcurrent} at a time. Carried out once per id.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlBackfill {

  @JsonPropertyDescription("Identifies the request: a new id starts a backfill, the same id is never carried out twice (status.backfill remembers it).")
  @Required
  @Size(min = 1, max = 63)
  @Pattern(ApiPatterns.DNS_LABEL)
  private String id;

  @JsonPropertyDescription("Start of the range (RFC 3339, e.g. 2026-11-01T00:00:00Z): the first period is the one that starts at the first firing of the schedule at or after it.")
  @Required
  private String from;

  @JsonPropertyDescription("End of the range (RFC 3339), exclusive: the last period is the last one that ends at or before it.")
  @Required
  private String to;

  @JsonPropertyDescription("Runs of the backfill at a time. Default: 1.")
  @Min(1)
  @Max(10)
  @Default("1")
  private Integer maxConcurrent = 1;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public Integer getMaxConcurrent() {
    return maxConcurrent;
  }

  public void setMaxConcurrent(Integer maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    EtlBackfill that = (EtlBackfill) o;
    return Objects.equals(id, that.id)
        && Objects.equals(from, that.from)
        && Objects.equals(to, that.to)
        && Objects.equals(maxConcurrent, that.maxConcurrent);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, from, to, maxConcurrent);
  }

  @Override
  public String toString() {
    return "EtlBackfill{id=" + id + ", from=" + from + ", to=" + to + ", maxConcurrent=" + maxConcurrent + "}";
  }
}
