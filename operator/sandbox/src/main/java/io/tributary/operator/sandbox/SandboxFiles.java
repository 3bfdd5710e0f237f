package io.tributary.operator.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The files the sandbox keeps up to date for scripts and Prometheus, which read them at any time. */
final class SandboxFiles {
  private SandboxFiles() {}

  /**
   * Replaces {@code file} with {@code content} in one atomic move (a reader never sees half of it),
   * and not at all when it already holds that content: the files are refreshed every second and
   * Prometheus reloads its targets on every change.
   */
  static void replaceIfChanged(Path file, String content) {
    try {
      if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
        return;
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
