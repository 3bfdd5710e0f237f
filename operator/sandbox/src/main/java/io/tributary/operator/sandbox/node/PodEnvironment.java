package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: {@code envFrom} first, then {@code env}
 * (value, {@code secretKeyRef}, {@code configMapKeyRef}, {@code fieldRef}, including the pod's
 * labels and annotations) with {@code $(VAR)}
 * references to earlier variables expanded. Values that are in-pod paths under a volume mount are
 * mapped to the local files.
 */
final class PodEnvironment {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
  /** {@code metadata.labels['key']} or {@code metadata.annotations['key']}. */
  private static final Pattern METADATA_KEY = Pattern.compile("metadata\\.(labels|annotations)\\['([^']+)'\\]");

  private final ApiObjects api;

  PodEnvironment(ApiObjects api) {
    this.api = api;
  }

  Map<String, String> build(String namespace, String podName, ObjectMeta podMeta, Container container,
      MountTable mounts) throws PodSetupException {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      if (from.getConfigMapRef() != null) {
        var ref = from.getConfigMapRef();
        Optional<Map<String, byte[]>> data = api.configMap(namespace, ref.getName());
        if (data.isEmpty() && !Boolean.TRUE.equals(ref.getOptional())) {
          throw configError("envFrom: configmap \"" + ref.getName() + "\" not found");
        }
        data.orElse(Map.of()).forEach((k, v) -> env.put(prefix + k, utf8(v)));
      }
      if (from.getSecretRef() != null) {
        var ref = from.getSecretRef();
        Optional<Map<String, byte[]>> data = api.secret(namespace, ref.getName());
        if (data.isEmpty() && !Boolean.TRUE.equals(ref.getOptional())) {
          throw configError("envFrom: secret \"" + ref.getName() + "\" not found");
        }
        data.orElse(Map.of()).forEach((k, v) -> env.put(prefix + k, utf8(v)));
      }
    }
    for (EnvVar var : nullSafe(container.getEnv())) {
      Optional<String> value = var.getValueFrom() == null
          ? Optional.of(expand(var.getValue() == null ? "" : var.getValue(), env))
          : valueFrom(namespace, podName, podMeta, var.getName(), var.getValueFrom());
      value.ifPresent(v -> env.put(var.getName(), mounts.mapValue(v)));
    }
    return env;
  }

  /** {@code $(NAME)} replaced by the variable's value; unknown references stay as written. */
  static String expand(String value, Map<String, String> env) {
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement = env.getOrDefault(matcher.group(1), matcher.group());
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private Optional<String> valueFrom(String namespace, String podName, ObjectMeta podMeta, String varName,
      EnvVarSource source) throws PodSetupException {
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<Map<String, byte[]>> data = api.secret(namespace, ref.getName());
      if (data.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw configError("env " + varName + ": secret \"" + ref.getName() + "\" not found");
      }
      byte[] value = data.get().get(ref.getKey());
      if (value == null) {
        if (optional) {
          return Optional.empty();
        }
        throw configError("env " + varName + ": couldn't find key " + ref.getKey() + " in Secret "
            + namespace + "/" + ref.getName());
      }
      return Optional.of(utf8(value));
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<Map<String, byte[]>> data = api.configMap(namespace, ref.getName());
      if (data.isEmpty()) {
        if (optional) {
          return Optional.empty();
        }
        throw configError("env " + varName + ": configmap \"" + ref.getName() + "\" not found");
      }
      byte[] value = data.get().get(ref.getKey());
      if (value == null) {
        if (optional) {
          return Optional.empty();
        }
        throw configError("env " + varName + ": couldn't find key " + ref.getKey() + " in ConfigMap "
            + namespace + "/" + ref.getName());
      }
      return Optional.of(utf8(value));
    }
    if (source.getFieldRef() != null) {
      String path = source.getFieldRef().getFieldPath();
      Matcher key = METADATA_KEY.matcher(path);
      if (key.matches()) {
        Map<String, String> values = key.group(1).equals("labels") ? podMeta.getLabels() : podMeta.getAnnotations();
        // as the kubelet: a key the pod does not have is an empty value
        return Optional.of(values == null ? "" : values.getOrDefault(key.group(2), ""));
      }
      return Optional.of(switch (path) {
        case "metadata.name" -> podName;
        case "metadata.namespace" -> namespace;
        case "status.podIP", "status.hostIP" -> "127.0.0.1";
        case "spec.nodeName" -> LocalNode.NODE_NAME;
        default -> "";
      });
    }
    // resourceFieldRef and others have no meaning for a local process
    return Optional.empty();
  }

  private static PodSetupException configError(String message) {
    return new PodSetupException("CreateContainerConfigError", message);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
