package io.tributary.operator.sandbox.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code etcd}, {@code kube-apiserver}, {@code kube-controller-manager} and the {@code kubectl}
 * of the same Kubernetes version are: the folder
 * named by {@code TRIBUTARY_KUBE_BIN}, or the cache folder {@code .ci/kube/build.sh} of the
 * repository builds them into (from the pinned Go modules beside it; a no-op when they are there).
 */
public record ControlPlaneBinaries(Path etcd, Path apiServer, Path controllerManager, Path kubectl) {
  /** Environment variable naming a folder that already holds the three binaries. */
  public static final String BIN_ENV = "TRIBUTARY_KUBE_BIN";
  /** The build script, relative to the repository root. */
  public static final String BUILD_SCRIPT = ".ci/kube/build.sh";

  /** The binaries in {@code dir}; fails naming the one that is missing. */
  public static ControlPlaneBinaries in(Path dir) {
    ControlPlaneBinaries binaries = new ControlPlaneBinaries(dir.resolve("etcd"), dir.resolve("kube-apiserver"),
        dir.resolve("kube-controller-manager"), dir.resolve("kubectl"));
    for (Path binary : List.of(binaries.etcd, binaries.apiServer, binaries.controllerManager, binaries.kubectl)) {
      if (!Files.isExecutable(binary)) {
        throw new ControlPlaneException(binary + " is missing; build the control plane with 'bash " + BUILD_SCRIPT
            + "' (needs Go 1.26 on the PATH)");
      }
    }
    return binaries;
  }

  /**
   * {@code TRIBUTARY_KUBE_BIN} when set, else what the build script of the repository above the
   * working directory prints (building them on first use, which takes minutes).
   */
  public static ControlPlaneBinaries locate() {
    String fromEnv = System.getenv(BIN_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return in(Path.of(fromEnv));
    }
    Path script = buildScript().orElseThrow(() -> new ControlPlaneException("no " + BUILD_SCRIPT
        + " above " + Path.of("").toAbsolutePath() + ": run from the Tributary repository or set " + BIN_ENV));
    return in(build(script));
  }

  private static Optional<Path> buildScript() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(BUILD_SCRIPT))) {
        return Optional.of(dir.resolve(BUILD_SCRIPT));
      }
    }
    return Optional.empty();
  }

  private static Path build(Path script) {
    try {
      Process process = new ProcessBuilder("bash", script.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      int exit = process.waitFor();
      if (exit != 0 || out.isEmpty()) {
        throw new ControlPlaneException("'bash " + script + "' failed (exit " + exit + "); its error output says why");
      }
      return Path.of(out.lines().reduce((first, second) -> second).orElseThrow());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneException("interrupted while building the control plane");
    }
  }
}
