package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** A CIDR range, as a NetworkPolicy's {@code ipBlock}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IpBlock {

  @JsonPropertyDescription("The range, e.g. 10.0.0.0/8 or 2001:db8::/32.")
  @Required
  @Size(min = 1, max = 64)
  private String cidr;

  @JsonPropertyDescription("Ranges inside cidr that are not allowed. Default: none.")
  @Size(max = 64)
  private List<String> except;

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public List<String> getExcept() {
    return except;
  }

  public void setExcept(List<String> except) {
    this.except = except;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    IpBlock that = (IpBlock) o;
    return Objects.equals(cidr, that.cidr) && Objects.equals(except, that.except);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cidr, except);
  }

  @Override
  public String toString() {
    return "IpBlock{cidr=" + cidr + ", except=" + except + "}";
  }
}
