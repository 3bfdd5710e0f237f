package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * SET the record as JSON at a key (the latest value per key), with a TTL.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CacheLatestProcessor {

  @JsonPropertyDescription("Key template, e.g. market_data:{symbol}:latest. A Redis key template: '{field}' is replaced by the value of that top-level field of the JSON record; a record without the field is an error for that record (retried, then dead-lettered).")
  @Required
  @Size(min = 1)
  private String key;

  @JsonPropertyDescription("Expiry, e.g. 5m. Default: none.")
  @Pattern(ApiPatterns.DURATION)
  private String ttl;

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getTtl() {
    return ttl;
  }

  public void setTtl(String ttl) {
    this.ttl = ttl;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    CacheLatestProcessor that = (CacheLatestProcessor) o;
    return Objects.equals(key, that.key)
        && Objects.equals(ttl, that.ttl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, ttl);
  }

  @Override
  public String toString() {
    return "CacheLatestProcessor{"
        + "key=" + key
        + ", ttl=" + ttl
        + "}";
  }
}
