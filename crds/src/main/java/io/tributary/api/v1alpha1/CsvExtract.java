package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Read CSV with a header row: exactly one of configMap or url.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.configMap), has(self.url)].exists_one(x, x)",
    message = "extract.csv: exactly one of configMap, url must be set")
public class CsvExtract {

  @JsonPropertyDescription("A ConfigMap key holding the CSV.")
  private ConfigMapKeyReference configMap;

  @JsonPropertyDescription("http or https URL of the CSV.")
  @Pattern(ApiPatterns.HTTP_URL)
  private String url;

  public ConfigMapKeyReference getConfigMap() {
    return configMap;
  }

  public void setConfigMap(ConfigMapKeyReference configMap) {
    this.configMap = configMap;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    CsvExtract that = (CsvExtract) o;
    return Objects.equals(configMap, that.configMap)
        && Objects.equals(url, that.url);
  }

  @Override
  public int hashCode() {
    return Objects.hash(configMap, url);
  }

  @Override
  public String toString() {
    return "CsvExtract{"
        + "configMap=" + configMap
        + ", url=" + url
        + "}";
  }
}
