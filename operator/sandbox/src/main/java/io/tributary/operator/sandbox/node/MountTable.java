package io.tributary.operator.sandbox.node;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Maps paths inside the pod (e.g. {@code /etc/tributary/config.json}) to the local files the
 * node materialised for the pod's volume mounts. The longest matching mount path wins, as in a
 * container's mount namespace.
 */
final class MountTable {
  record Mount(String podPath, Path localPath) {}

  private final List<Mount> mounts;

  MountTable(List<Mount> mounts) {
    this.mounts = mounts.stream()
        .sorted(Comparator.comparingInt((Mount m) -> m.podPath().length()).reversed())
        .toList();
  }

  /** The local file behind {@code podPath}, if a mount covers it. */
  Optional<Path> resolve(String podPath) {
    if (podPath == null || !podPath.startsWith("/")) {
      return Optional.empty();
    }
    for (Mount mount : mounts) {
      String base = stripTrailingSlash(mount.podPath());
      if (podPath.equals(base)) {
        return Optional.of(mount.localPath());
      }
      if (podPath.startsWith(base + "/")) {
        return Optional.of(mount.localPath().resolve(podPath.substring(base.length() + 1)));
      }
    }
    return Optional.empty();
  }

  /** {@code value} with its in-pod path replaced by the local one; other values unchanged. */
  String mapValue(String value) {
    return resolve(value).map(Path::toString).orElse(value);
  }

  List<Mount> mounts() {
    return mounts;
  }

  private static String stripTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
