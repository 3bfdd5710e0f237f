package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * Keep only records whose field compares true with value; other records are skipped (acknowledged,
 * not dead-lettered).
 *
 * <p>No CEL rule ties {@code value} to {@code op}: {@code value} has no schema type (a number, text
 * or boolean), and the API server leaves untyped fields out of the CEL type, so a rule naming
 * {@code self.value} does not compile and the whole CRD is refused. The operator's runtime-config
 * check reports a missing or superfluous value instead ({@code Ready=False}, naming
 * {@code spec.processors[i].filter.value}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FilterRule {

  @JsonPropertyDescription("Top-level record field.")
  @Required
  @Size(min = 1)
  private String field;

  @JsonPropertyDescription("eq, ne, gt, gte, lt, lte (with value) or exists (without).")
  @Required
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  private FilterOperator op;

  @JsonPropertyDescription("Value to compare with: a number, string or boolean. Not used with exists.")
  private JsonNode value;

  public String getField() {
    return field;
  }

  public void setField(String field) {
    this.field = field;
  }

  public FilterOperator getOp() {
    return op;
  }

  public void setOp(FilterOperator op) {
    this.op = op;
  }

  public JsonNode getValue() {
    return value;
  }

  public void setValue(JsonNode value) {
    this.value = value;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    FilterRule that = (FilterRule) o;
    return Objects.equals(field, that.field)
        && Objects.equals(op, that.op)
        && Objects.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, op, value);
  }

  @Override
  public String toString() {
    return "FilterRule{"
        + "field=" + field
        + ", op=" + op
        + ", value=" + value
        + "}";
  }
}
