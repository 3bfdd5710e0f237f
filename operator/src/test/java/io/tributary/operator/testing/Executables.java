package io.tributary.operator.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tools the tests run from the machine's PATH; a missing one fails the test (never a skip). */
public final class Executables {
  private Executables() {}

  /**
   * @param name the program, e.g. {@code promtool}
   * @param debianPackage the Debian package that brings it ({@code .ci/run} installs it)
   */
  public static Path onPath(String name, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isBlank() && Files.isRegularFile(Path.of(dir, name)) && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    return fail(name + " is not on PATH (" + path + "): install the Debian package `" + debianPackage
        + "` (apt-get install -y --no-install-recommends " + debianPackage + "), as .ci/run does");
  }
}
