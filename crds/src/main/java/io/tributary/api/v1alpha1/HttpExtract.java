package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * GET a JSON document; the records are the array at itemsPath (or the document if it is an array).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpExtract {

  @JsonPropertyDescription("http or https URL.")
  @Required
  @Pattern(ApiPatterns.HTTP_URL)
  private String url;

  @JsonPropertyDescription("Dot-separated path to the array of records, e.g. data or result.items. Default: the document itself.")
  private String itemsPath;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getItemsPath() {
    return itemsPath;
  }

  public void setItemsPath(String itemsPath) {
    this.itemsPath = itemsPath;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    HttpExtract that = (HttpExtract) o;
    return Objects.equals(url, that.url)
        && Objects.equals(itemsPath, that.itemsPath);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, itemsPath);
  }

  @Override
  public String toString() {
    return "HttpExtract{"
        + "url=" + url
        + ", itemsPath=" + itemsPath
        + "}";
  }
}
