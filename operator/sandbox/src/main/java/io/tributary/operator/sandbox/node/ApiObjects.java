package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads ConfigMap and Secret contents from the API the way a kubelet sees them. */
final class ApiObjects {
  private final KubernetesClient client;

  ApiObjects(KubernetesClient client) {
    this.client = client;
  }

  /** The ConfigMap's {@code data} and decoded {@code binaryData}, or empty if it does not exist. */
  Optional<Map<String, byte[]>> configMap(String namespace, String name) {
    ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(name).get();
    if (configMap == null) {
      return Optional.empty();
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    if (configMap.getData() != null) {
      configMap.getData().forEach((k, v) -> entries.put(k, v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8)));
    }
    if (configMap.getBinaryData() != null) {
      configMap.getBinaryData().forEach((k, v) -> entries.put(k, Base64.getDecoder().decode(v)));
    }
    return Optional.of(entries);
  }

  /**
   * The Secret's decoded {@code data} merged with {@code stringData}: a real API server folds
   * {@code stringData} into {@code data} on write, the mock server keeps it as written.
   */
  Optional<Map<String, byte[]>> secret(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> entries.put(k, v == null ? new byte[0] : Base64.getDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> entries.put(k, v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.of(entries);
  }
}
