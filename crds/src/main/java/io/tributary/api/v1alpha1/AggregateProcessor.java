package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/**
 * Running totals in a Redis hash: HINCRBY count and HINCRBYFLOAT sum_<field>.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.count) && self.count) || (has(self.sum) && size(self.sum) > 0)",
    message = "aggregate: set count: true or list at least one sum field")
public class AggregateProcessor {

  @JsonPropertyDescription("Hash key template, e.g. calls:stats or payments:merchant:{merchant}.")
  @Required
  @Size(min = 1)
  private String key;

  @JsonPropertyDescription("Keep a 'count' field. Default: false.")
  @Default("false")
  private Boolean count = false;

  @JsonPropertyDescription("Numeric record fields to sum into 'sum_<field>'.")
  private List<String> sum;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
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

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    AggregateProcessor that = (AggregateProcessor) o;
    return Objects.equals(key, that.key)
        && Objects.equals(count, that.count)
        && Objects.equals(sum, that.sum);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, count, sum);
  }

  @Override
  public String toString() {
    return "AggregateProcessor{"
        + "key=" + key
        + ", count=" + count
        + ", sum=" + sum
        + "}";
  }
}
