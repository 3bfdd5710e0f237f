package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a pod's ConfigMap, Secret, projected and emptyDir volumes into
 * {@code <pod dir>/volumes/<volume>/} and returns the mount table of one container. Contents are
 * read again at every (re)start of the container, so a changed ConfigMap reaches a restarted pod.
 */
final class PodVolumes {
  private final ApiObjects api;

  PodVolumes(ApiObjects api) {
    this.api = api;
  }

  MountTable materialise(String namespace, PodSpec spec, Container container, Path podDir) throws PodSetupException {
    Path volumesDir = podDir.resolve("volumes");
    List<MountTable.Mount> mounts = new ArrayList<>();
    for (VolumeMount mount : nullSafe(container.getVolumeMounts())) {
      Volume volume = nullSafe(spec.getVolumes()).stream()
          .filter(v -> v.getName().equals(mount.getName()))
          .findFirst()
          .orElseThrow(() -> new PodSetupException("CreateContainerConfigError",
              "volumeMounts[" + mount.getName() + "]: no volume named " + mount.getName() + " in the pod spec"));
      Path volumeDir = volumesDir.resolve(volume.getName());
      writeVolume(namespace, volume, volumeDir);
      Path local = mount.getSubPath() == null || mount.getSubPath().isEmpty()
          ? volumeDir : volumeDir.resolve(mount.getSubPath());
      mounts.add(new MountTable.Mount(mount.getMountPath(), local));
    }
    return new MountTable(mounts);
  }

  private void writeVolume(String namespace, Volume volume, Path dir) throws PodSetupException {
    recreate(dir);
    if (volume.getConfigMap() != null) {
      var source = volume.getConfigMap();
      Optional<Map<String, byte[]>> data = api.configMap(namespace, source.getName());
      if (data.isEmpty() && !Boolean.TRUE.equals(source.getOptional())) {
        throw new PodSetupException("ContainerCreating",
            "volume " + volume.getName() + ": configmap \"" + source.getName() + "\" not found");
      }
      writeEntries(volume.getName(), "configmap", source.getName(), data.orElse(Map.of()), source.getItems(), dir,
          Boolean.TRUE.equals(source.getOptional()));
    } else if (volume.getSecret() != null) {
      var source = volume.getSecret();
      Optional<Map<String, byte[]>> data = api.secret(namespace, source.getSecretName());
      if (data.isEmpty() && !Boolean.TRUE.equals(source.getOptional())) {
        throw new PodSetupException("ContainerCreating",
            "volume " + volume.getName() + ": secret \"" + source.getSecretName() + "\" not found");
      }
      writeEntries(volume.getName(), "secret", source.getSecretName(), data.orElse(Map.of()), source.getItems(), dir,
          Boolean.TRUE.equals(source.getOptional()));
    } else if (volume.getProjected() != null) {
      for (VolumeProjection projection : nullSafe(volume.getProjected().getSources())) {
        if (projection.getConfigMap() != null) {
          var source = projection.getConfigMap();
          Map<String, byte[]> data = api.configMap(namespace, source.getName()).orElseThrow(() -> new PodSetupException(
              "ContainerCreating", "volume " + volume.getName() + ": configmap \"" + source.getName() + "\" not found"));
          writeEntries(volume.getName(), "configmap", source.getName(), data, source.getItems(), dir, false);
        } else if (projection.getSecret() != null) {
          var source = projection.getSecret();
          Map<String, byte[]> data = api.secret(namespace, source.getName()).orElseThrow(() -> new PodSetupException(
              "ContainerCreating", "volume " + volume.getName() + ": secret \"" + source.getName() + "\" not found"));
          writeEntries(volume.getName(), "secret", source.getName(), data, source.getItems(), dir, false);
        }
      }
    }
    // emptyDir and anything else: an empty, writable directory
  }

  private static void writeEntries(String volume, String kind, String objectName, Map<String, byte[]> data,
      List<KeyToPath> items, Path dir, boolean optional) throws PodSetupException {
    try {
      if (items == null || items.isEmpty()) {
        for (Map.Entry<String, byte[]> entry : data.entrySet()) {
          write(dir.resolve(entry.getKey()), entry.getValue());
        }
        return;
      }
      for (KeyToPath item : items) {
        byte[] value = data.get(item.getKey());
        if (value == null) {
          if (optional) {
            continue;
          }
          throw new PodSetupException("ContainerCreating", "volume " + volume + ": " + kind + " \"" + objectName
              + "\" has no key \"" + item.getKey() + "\"");
        }
        write(dir.resolve(item.getPath() == null ? item.getKey() : item.getPath()), value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write volume " + volume + " into " + dir, e);
    }
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  private static void recreate(Path dir) {
    try {
      if (Files.exists(dir)) {
        Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare volume directory " + dir, e);
    }
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
