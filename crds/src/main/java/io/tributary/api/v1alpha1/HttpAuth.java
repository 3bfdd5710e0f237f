package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether the {@code http} source of a Producer demands a bearer token. */
public enum HttpAuth {
  /** Requests need {@code Authorization: Bearer <token>}, the token from {@code tokenSecretRef}. */
  @JsonProperty("token")
  TOKEN,
  /** Anyone who reaches the port may write records; the Producer's status warns about it. */
  @JsonProperty("none")
  NONE;

  /** The value as written in YAML. */
  public String wireValue() {
    return switch (this) {
      case TOKEN -> "token";
      case NONE -> "none";
    };
  }
}
