package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * One transform step; exactly one key per item.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.filter), has(self.select), has(self.dedupe), has(self.aggregate)].exists_one(x, x)",
    message = "transform: exactly one of filter, select, dedupe, aggregate must be set")
public class TransformStep {

  @JsonPropertyDescription("Keep only matching records.")
  private FilterRule filter;

  @JsonPropertyDescription("Keep only some fields.")
  private SelectTransform select;

  @JsonPropertyDescription("Drop duplicates.")
  private DedupeTransform dedupe;

  @JsonPropertyDescription("Group and aggregate.")
  private AggregateTransform aggregate;

  public FilterRule getFilter() {
    return filter;
  }

  public void setFilter(FilterRule filter) {
    this.filter = filter;
  }

  public SelectTransform getSelect() {
    return select;
  }

  public void setSelect(SelectTransform select) {
    this.select = select;
  }

  public DedupeTransform getDedupe() {
    return dedupe;
  }

  public void setDedupe(DedupeTransform dedupe) {
    this.dedupe = dedupe;
  }

  public AggregateTransform getAggregate() {
    return aggregate;
  }

  public void setAggregate(AggregateTransform aggregate) {
    this.aggregate = aggregate;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    TransformStep that = (TransformStep) o;
    return Objects.equals(filter, that.filter)
        && Objects.equals(select, that.select)
        && Objects.equals(dedupe, that.dedupe)
        && Objects.equals(aggregate, that.aggregate);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filter, select, dedupe, aggregate);
  }

  @Override
  public String toString() {
    return "TransformStep{"
        + "filter=" + filter
        + ", select=" + select
        + ", dedupe=" + dedupe
        + ", aggregate=" + aggregate
        + "}";
  }
}
