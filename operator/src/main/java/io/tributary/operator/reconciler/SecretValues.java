package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reading one key of a Secret as text, the way pods see it. */
public final class SecretValues {
  private SecretValues() {}

  /**
   * The decoded value of {@code key}: from {@code data}, or from {@code stringData} where an API
   * server does not fold it into {@code data} (the sandbox's).
   */
  public static Optional<String> valueOf(Secret secret, String key) {
    if (secret == null) {
      return Optional.empty();
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key).trim()), StandardCharsets.UTF_8));
    }
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return Optional.of(secret.getStringData().get(key));
    }
    return Optional.empty();
  }
}
