package io.tributary.operator.sandbox;

import io.tributary.operator.sandbox.node.PodLauncher;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to start a {@link Sandbox}.
 *
 * @param outputDir where {@code endpoints.json}, {@code sandbox.log}, {@code pods/<pod>.log} go
 * @param apiPort port of the Kubernetes API on 127.0.0.1; 0 picks a free one
 * @param redisPort port of redis-server on 127.0.0.1; 0 picks a free one
 * @param runtimeJar the runtime jar; empty = look for it ({@link io.tributary.operator.sandbox.node.RuntimeJar})
 * @param launcher runs pods; empty = {@code java -jar <runtime jar>}
 * @param operator starts the operator
 * @param logToFile send this JVM's logs to {@code <outputDir>/sandbox.log} (the command line does)
 * @param api the embedded mock API (default) or the real control plane
 * @param redisCluster a Redis Cluster of {@link #CLUSTER_MASTERS} masters instead of one
 *     redis-server (each on a free port; not with {@code redisPort})
 */
public record SandboxOptions(Path outputDir, int apiPort, int redisPort, Optional<Path> runtimeJar,
    Optional<PodLauncher> launcher, OperatorStarter operator, boolean logToFile, ApiMode api, boolean redisCluster) {

  /** The masters of {@code --redis-cluster}: the fewest {@code redis-cli --cluster create} accepts. */
  public static final int CLUSTER_MASTERS = 3;

  /** Which Kubernetes API the sandbox runs on. */
  public enum ApiMode {
    /** The fabric8 mock server: starts in a second, needs only a JDK; no admission, SSA or RBAC. */
    MOCK,
    /** etcd, kube-apiserver and kube-controller-manager built from {@code .ci/kube} (needs Go the first time). */
    REAL
  }

  /** {@code target/sandbox}, free ports, the runtime jar found on disk, the production operator. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(Path.of("target", "sandbox"), 0, 0, Optional.empty(), Optional.empty(),
        new ProductionOperator(), false, ApiMode.MOCK, false);
  }

  public SandboxOptions withOutputDir(Path dir) {
    return new SandboxOptions(dir, apiPort, redisPort, runtimeJar, launcher, operator, logToFile, api, redisCluster);
  }

  public SandboxOptions withApiPort(int port) {
    return new SandboxOptions(outputDir, port, redisPort, runtimeJar, launcher, operator, logToFile, api, redisCluster);
  }

  public SandboxOptions withRedisPort(int port) {
    return new SandboxOptions(outputDir, apiPort, port, runtimeJar, launcher, operator, logToFile, api, redisCluster);
  }

  public SandboxOptions withRuntimeJar(Path jar) {
    return new SandboxOptions(outputDir, apiPort, redisPort, Optional.of(jar), launcher, operator, logToFile, api, redisCluster);
  }

  public SandboxOptions withLauncher(PodLauncher podLauncher) {
    return new SandboxOptions(outputDir, apiPort, redisPort, runtimeJar, Optional.of(podLauncher), operator, logToFile, api, redisCluster);
  }

  public SandboxOptions withOperator(OperatorStarter starter) {
    return new SandboxOptions(outputDir, apiPort, redisPort, runtimeJar, launcher, starter, logToFile, api, redisCluster);
  }

  public SandboxOptions withLogToFile(boolean toFile) {
    return new SandboxOptions(outputDir, apiPort, redisPort, runtimeJar, launcher, operator, toFile, api, redisCluster);
  }

  public SandboxOptions withApi(ApiMode mode) {
    return new SandboxOptions(outputDir, apiPort, redisPort, runtimeJar, launcher, operator, logToFile, mode, redisCluster);
  }

  public SandboxOptions withRedisCluster(boolean cluster) {
    return new SandboxOptions(outputDir, apiPort, redisPort, runtimeJar, launcher, operator, logToFile, api, cluster);
  }
}
