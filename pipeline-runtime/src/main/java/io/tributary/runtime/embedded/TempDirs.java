package io.tributary.runtime.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes temporary directory trees, quietly: a leftover file must not fail a shutdown. */
final class TempDirs {
  private TempDirs() {}

  static void deleteQuietly(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // best effort: the OS cleans /tmp eventually
    }
  }
}
