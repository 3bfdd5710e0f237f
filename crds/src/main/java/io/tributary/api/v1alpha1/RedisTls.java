package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * TLS to Redis with a CA of its own ({@code rediss://} URLs only).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisTls {

  @JsonPropertyDescription("The CA certificate (PEM) that signed the Redis server's certificate, e.g."
      + " {name: redis-ca, key: ca.crt}; the Secret needs the label tributary.io/usable-by-pipelines: \"true\"."
      + " The server's certificate must chain to it and name the URL's host (always verified).")
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
    RedisTls that = (RedisTls) o;
    return Objects.equals(caSecretRef, that.caSecretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(caSecretRef);
  }

  @Override
  public String toString() {
    return "RedisTls{"
        + "caSecretRef=" + caSecretRef
        + "}";
  }
}
