package io.tributary.operator.testing.kube;

import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.MockCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kubectl} built with the control plane (same Kubernetes version), run against it with
 * a kubeconfig, from the repository root (so paths like {@code manifests/examples} work).
 */
public final class Kubectl {
  private final Path binary;
  private final Path kubeconfig;

  public Kubectl(Path binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  /** kubectl as the control plane's admin. */
  public static Kubectl admin(LocalControlPlane plane) {
    return new Kubectl(plane.kubectl(), plane.adminKubeconfig());
  }

  /** What one run printed and how it ended. */
  public record Result(int exit, String out, String err) {
    public boolean ok() {
      return exit == 0;
    }

    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** Runs {@code kubectl <args>} and waits at most two minutes. */
  public Result run(String... args) {
    return run(List.of(args), null);
  }

  /** Runs {@code kubectl <args>} with {@code stdin} as its standard input. */
  public Result run(List<String> args, String stdin) {
    // discovery is cached next to the kubeconfig: one cache per control plane, none in ~/.kube
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", kubeconfig.resolveSibling("kubectl-cache").toString()));
    command.addAll(args);
    try {
      Path out = Files.createTempFile("kubectl", ".out");
      Path err = Files.createTempFile("kubectl", ".err");
      try {
        Process process = new ProcessBuilder(command).directory(MockCluster.repoRoot().toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (var in = process.getOutputStream()) {
          if (stdin != null) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl " + args + " did not finish in two minutes");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running kubectl", e);
    }
  }

  /** Runs and fails with kubectl's output unless it exits 0; returns stdout. */
  public String ok(String... args) {
    Result result = run(args);
    if (!result.ok()) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + result);
    }
    return result.out();
  }
}
