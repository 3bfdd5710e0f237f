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
 * Drop records already seen: SET key NX with a TTL; a record whose key exists is skipped.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DedupeProcessor {

  @JsonPropertyDescription("Key template identifying a record, e.g. payment:{payment_id}.")
  @Required
  @Size(min = 1)
  private String key;

  @JsonPropertyDescription("How long a seen key is remembered. Default: 1d.")
  @Pattern(ApiPatterns.DURATION)
  @Default("1d")
  private String ttl = "1d";

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
    DedupeProcessor that = (DedupeProcessor) o;
    return Objects.equals(key, that.key)
        && Objects.equals(ttl, that.ttl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, ttl);
  }

  @Override
  public String toString() {
    return "DedupeProcessor{"
        + "key=" + key
        + ", ttl=" + ttl
        + "}";
  }
}
