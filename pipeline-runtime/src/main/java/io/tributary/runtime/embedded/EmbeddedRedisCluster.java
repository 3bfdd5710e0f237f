package io.tributary.runtime.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on 127.0.0.1: {@code masters} {@code redis-server --cluster-enabled yes}
 * processes (and {@code replicasPerMaster} replicas of each), formed with
 * {@code redis-cli --cluster create ... --cluster-yes}, ready once every node reports
 * {@code cluster_state:ok}. Each node is a {@link SupervisedProcess}, so it stops with this JVM
 * however that ends; {@link #close()} stops them all and deletes their directory. Without
 * persistence: a killed node comes back empty (a replica's failover keeps the data).
 */
public final class EmbeddedRedisCluster implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final List<Integer> ports = new ArrayList<>();
  private final List<SupervisedProcess> nodes = new ArrayList<>();
  private final Path server;
  private final Path cli;

  private EmbeddedRedisCluster(Path dir, Path server, Path cli) {
    this.dir = dir;
    this.server = server;
    this.cli = cli;
  }

  /**
   * Starts and forms a cluster.
   *
   * @param masters at least 3 (what {@code redis-cli --cluster create} accepts)
   * @param replicasPerMaster 0 or more replicas of each master
   * @throws IllegalStateException when a node does not start or the cluster is not ok in time
   *     (everything started is stopped again)
   */
  public static EmbeddedRedisCluster start(int masters, int replicasPerMaster) {
    if (masters < 3 || replicasPerMaster < 0) {
      throw new IllegalArgumentException("a cluster needs at least 3 masters and 0 or more replicas each, not "
          + masters + " and " + replicasPerMaster);
    }
    Path server = binary("redis-server");
    Path cli = server.resolveSibling("redis-cli");
    if (!Files.isExecutable(cli)) {
      cli = binary("redis-cli");
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("tributary-redis-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EmbeddedRedisCluster cluster = new EmbeddedRedisCluster(dir, server, cli);
    try {
      int count = masters * (1 + replicasPerMaster);
      for (int i = 0; i < count; i++) {
        cluster.startNode(FreePorts.next(), FreePorts.next());
      }
      List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
      cluster.ports.forEach(port -> create.add("127.0.0.1:" + port));
      create.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
      String out = run(create, Duration.ofSeconds(60));
      if (!out.contains("[OK] All 16384 slots covered")) {
        throw new IllegalStateException("redis-cli --cluster create failed: " + tail(out));
      }
      cluster.awaitOk();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void startNode(int port, int busPort) {
    Path nodeDir = dir.resolve(String.valueOf(port));
    try {
      Files.createDirectories(nodeDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SupervisedProcess node = SupervisedProcess.start("redis-cluster-node-" + port, server, List.of(
        "--port", String.valueOf(port), "--cluster-port", String.valueOf(busPort), "--bind", "127.0.0.1",
        "--cluster-enabled", "yes", "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(),
        "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no", "--protected-mode", "no",
        "--dir", nodeDir.toString()), nodeDir.resolve("redis.log"));
    nodes.add(node);
    ports.add(port);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!answers(port)) {
      if (!node.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("redis-server (cluster node, port " + port + ") did not start: "
            + tail(readQuietly(node.log())));
      }
      sleep(50);
    }
  }

  /** Waits until every running node reports {@code cluster_state:ok} and knows all nodes. */
  public void awaitOk() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      boolean ok = true;
      for (int i = 0; i < ports.size() && ok; i++) {
        if (nodes.get(i).isAlive()) {
          ok = command(ports.get(i), "CLUSTER", "INFO").contains("cluster_state:ok");
        }
      }
      if (ok) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the Redis Cluster on ports " + ports + " is not ok after " + READY_TIMEOUT);
      }
      sleep(100);
    }
  }

  /** The seed URL Lettuce's {@code RedisClusterClient} takes: {@code redis://127.0.0.1:p1,127.0.0.1:p2,...}. */
  public String url() {
    return "redis://" + ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
  }

  /** The ports of all nodes, in start order. */
  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** The ports of the nodes that are masters now (from {@code CLUSTER NODES} of a running node). */
  public List<Integer> masterPorts() {
    List<Integer> masters = new ArrayList<>();
    for (String line : clusterNodes().split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length > 2 && f[2].contains("master") && !f[2].contains("fail")) {
        masters.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@'))));
      }
    }
    return masters;
  }

  /** {@code CLUSTER NODES} as a running node sees it. */
  public String clusterNodes() {
    for (int i = 0; i < ports.size(); i++) {
      if (nodes.get(i).isAlive()) {
        return command(ports.get(i), "CLUSTER", "NODES");
      }
    }
    throw new IllegalStateException("no node of the cluster runs");
  }

  /** SIGKILL of the node on {@code port} (a crash: no save, no goodbye to the cluster). */
  public void kill(int port) throws InterruptedException {
    nodes.get(ports.indexOf(port)).kill();
  }

  /** A command on one node through {@code redis-cli} (raw output). */
  public String command(int port, String... args) {
    List<String> command = new ArrayList<>(List.of(cli.toString(), "-h", "127.0.0.1", "-p", String.valueOf(port)));
    command.addAll(List.of(args));
    return run(command, Duration.ofSeconds(10));
  }

  private boolean answers(int port) {
    return command(port, "PING").contains("PONG");
  }

  @Override
  public void close() {
    nodes.forEach(SupervisedProcess::close);
    TempDirs.deleteQuietly(dir);
  }

  private static String run(List<String> command, Duration limit) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Path binary(String name) {
    String path = System.getenv("PATH");
    for (String d : (path == null ? "/usr/bin" : path).split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(d, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(name + " is not on the PATH (a Redis Cluster needs redis-server and redis-cli)");
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static String tail(String text) {
    return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Redis Cluster", e);
    }
  }
}
