package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/**
 * HTTPS on a Producer's ingest port.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpSourceTls {

  @JsonPropertyDescription("A kubernetes.io/tls Secret (keys tls.crt: the server's certificate and its chain, PEM;"
      + " tls.key: its unencrypted key, PEM PKCS#8 or RSA PKCS#1), e.g. one cert-manager writes. The Secret needs the"
      + " label tributary.io/usable-by-pipelines: \"true\". The port then serves only HTTPS (plain HTTP is refused).")
  @Required
  private SecretReference secretRef;

  public SecretReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretReference secretRef) {
    this.secretRef = secretRef;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    HttpSourceTls that = (HttpSourceTls) o;
    return Objects.equals(secretRef, that.secretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretRef);
  }

  @Override
  public String toString() {
    return "HttpSourceTls{"
        + "secretRef=" + secretRef
        + "}";
  }
}
