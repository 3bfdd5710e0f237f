package io.tributary.runtime.faults;

import io.tributary.runtime.embedded.SupervisedProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A JVM on the test class path under {@link SupervisedProcess}, sized for a small shared machine. */
final class ChildJvm {
  private ChildJvm() {}

  /** {@code java -Xmx<heap> -cp <test class path> <mainClass> <args>} under the watcher. */
  static SupervisedProcess start(String name, String heap, String mainClass, List<String> args,
      Map<String, String> env, Path log) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        // two cores shared by many JVMs: a single GC thread and only the quick JIT tier
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    return SupervisedProcess.start(name, command, env, log);
  }
}
