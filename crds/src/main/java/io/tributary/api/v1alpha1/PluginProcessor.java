package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;
import java.util.Objects;

/**
 * A user processor found with java.util.ServiceLoader in the runtime image.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PluginProcessor {

  @JsonPropertyDescription("The plug-in's name.")
  @Required
  @Pattern(ApiPatterns.DNS_SUBDOMAIN)
  private String name;

  @JsonPropertyDescription("Free-form configuration handed to the plug-in.")
  private Map<String, JsonNode> config;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Map<String, JsonNode> getConfig() {
    return config;
  }

  public void setConfig(Map<String, JsonNode> config) {
    this.config = config;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    PluginProcessor that = (PluginProcessor) o;
    return Objects.equals(name, that.name)
        && Objects.equals(config, that.config);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, config);
  }

  @Override
  public String toString() {
    return "PluginProcessor{"
        + "name=" + name
        + ", config=" + config
        + "}";
  }
}
