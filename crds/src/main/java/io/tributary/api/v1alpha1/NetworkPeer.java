package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Objects;

/**
 * Who may connect, as a NetworkPolicy's {@code from} peer: pods chosen by namespaceSelector and/or
 * podSelector, or an ipBlock.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.ipBlock) ? !has(self.namespaceSelector) && !has(self.podSelector)"
        + " : has(self.namespaceSelector) || has(self.podSelector)",
    message = "networkPolicy peer: either ipBlock, or namespaceSelector and/or podSelector")
public class NetworkPeer {

  @JsonPropertyDescription("Namespaces by label, e.g. {matchLabels: {kubernetes.io/metadata.name: monitoring}}; with podSelector: those pods of those namespaces. {} is every namespace.")
  private LabelSelector namespaceSelector;

  @JsonPropertyDescription("Pods by label; alone: pods of the Pipeline's namespace.")
  private LabelSelector podSelector;

  @JsonPropertyDescription("Addresses outside the cluster (pod IPs are better chosen by selectors).")
  private IpBlock ipBlock;

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public LabelSelector getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(LabelSelector podSelector) {
    this.podSelector = podSelector;
  }

  public IpBlock getIpBlock() {
    return ipBlock;
  }

  public void setIpBlock(IpBlock ipBlock) {
    this.ipBlock = ipBlock;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    NetworkPeer that = (NetworkPeer) o;
    return Objects.equals(namespaceSelector, that.namespaceSelector)
        && Objects.equals(podSelector, that.podSelector)
        && Objects.equals(ipBlock, that.ipBlock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespaceSelector, podSelector, ipBlock);
  }

  @Override
  public String toString() {
    return "NetworkPeer{namespaceSelector=" + namespaceSelector + ", podSelector=" + podSelector
        + ", ipBlock=" + ipBlock + "}";
  }
}
