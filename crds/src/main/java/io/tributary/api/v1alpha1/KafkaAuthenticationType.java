package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the runtime authenticates to Kafka. */
public enum KafkaAuthenticationType {
  /** SASL SCRAM-SHA-512 with a username and password. */
  @JsonProperty("scram-sha-512")
  SCRAM_SHA_512,
  /** Mutual TLS with a client certificate. */
  @JsonProperty("tls")
  TLS;

  /** The value as written in YAML. */
  public String wireValue() {
    return switch (this) {
      case SCRAM_SHA_512 -> "scram-sha-512";
      case TLS -> "tls";
    };
  }
}
