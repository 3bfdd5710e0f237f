package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * Group records and compute aggregates; output records hold the groupBy fields plus count,
 * sum_<f>, min_<f>, max_<f>, avg_<f>.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.count) && self.count) || (has(self.sum) && size(self.sum) > 0) || (has(self.min) && size(self.min) > 0) || (has(self.max) && size(self.max) > 0) || (has(self.avg) && size(self.avg) > 0)",
    message = "aggregate: set count: true or list at least one of sum, min, max, avg")
public class AggregateTransform {

  @JsonPropertyDescription("Fields to group by. Default: one group of all records.")
  private List<String> groupBy;

  @JsonPropertyDescription("Add 'count'. Default: false.")
  @Default("false")
  private Boolean count = false;

  @JsonPropertyDescription("Fields to sum.")
  private List<String> sum;

  @JsonPropertyDescription("Fields to take the minimum of.")
  private List<String> min;

  @JsonPropertyDescription("Fields to take the maximum of.")
  private List<String> max;

  @JsonPropertyDescription("Fields to average.")
  private List<String> avg;

  public List<String> getGroupBy() {
    return groupBy;
  }

  public void setGroupBy(List<String> groupBy) {
    this.groupBy = groupBy;
  }

  public Boolean getCount() {
    return count;
  }

  public void setCount(Boolean count) {
    this.count = count;
  }

  public List<String> getSum() {
    return sum;
  }

  public void setSum(List<String> sum) {
    this.sum = sum;
  }

  public List<String> getMin() {
    return min;
  }

  public void setMin(List<String> min) {
    this.min = min;
  }

  public List<String> getMax() {
    return max;
  }

  public void setMax(List<String> max) {
    this.max = max;
  }

  public List<String> getAvg() {
    return avg;
  }

  public void setAvg(List<String> avg) {
    this.avg = avg;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    AggregateTransform that = (AggregateTransform) o;
    return Objects.equals(groupBy, that.groupBy)
        && Objects.equals(count, that.count)
        && Objects.equals(sum, that.sum)
        && Objects.equals(min, that.min)
        && Objects.equals(max, that.max)
        && Objects.equals(avg, that.avg);
  }

  @Override
  public int hashCode() {
    return Objects.hash(groupBy, count, sum, min, max, avg);
  }

  @Override
  public String toString() {
    return "AggregateTransform{"
        + "groupBy=" + groupBy
        + ", count=" + count
        + ", sum=" + sum
        + ", min=" + min
        + ", max=" + max
        + ", avg=" + avg
        + "}";
  }
}
