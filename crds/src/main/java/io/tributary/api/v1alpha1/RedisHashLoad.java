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
 * HSET each record into a hash at key (fields = record fields).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisHashLoad {

  @JsonPropertyDescription("Hash key template, e.g. market_data:{symbol}:15m.")
  @Required
  @Size(min = 1)
  private String key;

  @JsonPropertyDescription("Expiry of each hash. Default: none.")
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
    RedisHashLoad that = (RedisHashLoad) o;
    return Objects.equals(key, that.key)
        && Objects.equals(ttl, that.ttl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, ttl);
  }

  @Override
  public String toString() {
    return "RedisHashLoad{"
        + "key=" + key
        + ", ttl=" + ttl
        + "}";
  }
}
