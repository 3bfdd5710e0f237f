package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a container as {@code java -jar <runtime jar> <args>}: the image is ignored because every
 * Tributary workload runs the same runtime. A container memory limit becomes {@code -XX:MaxRAM},
 * so the JVM sizes its heap as it would inside the container.
 */
public final class JavaJarLauncher implements PodLauncher {
  private static final List<String> SMALL_FOOTPRINT =
      List.of("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xss512k", "-XX:MaxRAMPercentage=75");
  private static final long DEFAULT_MAX_RAM_BYTES = 384L * 1024 * 1024;

  private final Path runtimeJar;

  public JavaJarLauncher(Path runtimeJar) {
    this.runtimeJar = runtimeJar.toAbsolutePath();
  }

  public Path runtimeJar() {
    return runtimeJar;
  }

  @Override
  public List<String> command(Container container, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(SMALL_FOOTPRINT);
    command.add("-XX:MaxRAM=" + memoryLimitBytes(container).orElse(DEFAULT_MAX_RAM_BYTES));
    command.add("-jar");
    command.add(runtimeJar.toString());
    command.addAll(args);
    return command;
  }

  /** The {@code java} of the JVM running the sandbox, so children use the same JDK. */
  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Optional<Long> memoryLimitBytes(Container container) {
    if (container.getResources() == null || container.getResources().getLimits() == null) {
      return Optional.empty();
    }
    Quantity memory = container.getResources().getLimits().get("memory");
    if (memory == null) {
      return Optional.empty();
    }
    BigDecimal bytes = Quantity.getAmountInBytes(memory);
    return Optional.of(bytes.longValue());
  }
}
