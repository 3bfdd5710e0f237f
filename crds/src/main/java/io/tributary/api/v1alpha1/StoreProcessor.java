package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/**
 * Append the record to a capped history list per key (LPUSH, newest first, LTRIM to maxLen).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StoreProcessor {

  @JsonPropertyDescription("List key template, e.g. market_data:{symbol}:history.")
  @Required
  @Size(min = 1)
  private String key;

  @JsonPropertyDescription("Most entries kept. Default: 1000.")
  @Min(1)
  @Default("1000")
  private Integer maxLen = 1000;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public Integer getMaxLen() {
    return maxLen;
  }

  public void setMaxLen(Integer maxLen) {
    this.maxLen = maxLen;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    StoreProcessor that = (StoreProcessor) o;
    return Objects.equals(key, that.key)
        && Objects.equals(maxLen, that.maxLen);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, maxLen);
  }

  @Override
  public String toString() {
    return "StoreProcessor{"
        + "key=" + key
        + ", maxLen=" + maxLen
        + "}";
  }
}
