package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * A key of a ConfigMap in the same namespace.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigMapKeyReference {

  @JsonPropertyDescription("Name of the ConfigMap.")
  @Required
  @Pattern(ApiPatterns.DNS_SUBDOMAIN)
  private String name;

  @JsonPropertyDescription("Key inside the ConfigMap.")
  @Required
  @Pattern(ApiPatterns.DATA_KEY)
  private String key;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    ConfigMapKeyReference that = (ConfigMapKeyReference) o;
    return Objects.equals(name, that.name)
        && Objects.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, key);
  }

  @Override
  public String toString() {
    return "ConfigMapKeyReference{"
        + "name=" + name
        + ", key=" + key
        + "}";
  }
}
