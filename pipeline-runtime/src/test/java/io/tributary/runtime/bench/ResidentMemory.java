package io.tributary.runtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A process's resident memory high-water mark ({@code VmHWM} of Linux's {@code /proc/<pid>/status}). */
final class ResidentMemory {
  private ResidentMemory() {}

  /** MiB, or empty where there is no {@code /proc} (not Linux) or the process is gone. */
  static OptionalLong highWaterMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /** {@code ", RSS high-water N MiB"}, or nothing when unknown. */
  static String note(long pid) {
    OptionalLong mib = highWaterMiB(pid);
    return mib.isPresent() ? ", RSS high-water " + mib.getAsLong() + " MiB" : "";
  }
}
