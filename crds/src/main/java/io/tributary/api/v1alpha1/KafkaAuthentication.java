package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * Client authentication to Kafka. scram-sha-512: the Secret holds 'password' (the username is the
 * Secret name unless 'username' is set), as a Strimzi KafkaUser Secret does. tls: the Secret holds
 * 'user.crt' and 'user.key'. With Strimzi the operator and every component get a KafkaUser of
 * their own, so {@code secretRef} (and {@code username}) are not used there; {@link
 * KafkaConnection} requires {@code secretRef} with plain {@code bootstrapServers} only.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'tls' || !has(self.username)",
    message = "authentication.username is only used with type scram-sha-512")
public class KafkaAuthentication {

  @JsonPropertyDescription("scram-sha-512 or tls.")
  @Required
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  private KafkaAuthenticationType type;

  @JsonPropertyDescription("Plain bootstrapServers (required there): Secret with the credentials of the operator and all the Pipeline's pods (a Strimzi KafkaUser Secret works as is). With strimzi: not used and best left out; the operator and each Producer, Worker and EtlSchedule get a KafkaUser of their own.")
  private SecretReference secretRef;

  @JsonPropertyDescription("SASL username for scram-sha-512. Default: the Secret name.")
  private String username;

  public KafkaAuthenticationType getType() {
    return type;
  }

  public void setType(KafkaAuthenticationType type) {
    this.type = type;
  }

  public SecretReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretReference secretRef) {
    this.secretRef = secretRef;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    KafkaAuthentication that = (KafkaAuthentication) o;
    return Objects.equals(type, that.type)
        && Objects.equals(secretRef, that.secretRef)
        && Objects.equals(username, that.username);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, secretRef, username);
  }

  @Override
  public String toString() {
    return "KafkaAuthentication{"
        + "type=" + type
        + ", secretRef=" + secretRef
        + ", username=" + username
        + "}";
  }
}
