package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * TLS to the Kafka brokers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaTls {

  @JsonPropertyDescription("The CA certificate (PEM) that signed the brokers' certificates, e.g. {name: my-cluster-cluster-ca-cert, key: ca.crt}.")
  @Required
  private SecretKeyReference caSecretRef;

  public SecretKeyReference getCaSecretRef() {
    return caSecretRef;
  }

  public void setCaSecretRef(SecretKeyReference caSecretRef) {
    this.caSecretRef = caSecretRef;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    KafkaTls that = (KafkaTls) o;
    return Objects.equals(caSecretRef, that.caSecretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(caSecretRef);
  }

  @Override
  public String toString() {
    return "KafkaTls{"
        + "caSecretRef=" + caSecretRef
        + "}";
  }
}
