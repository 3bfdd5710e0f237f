package io.tributary.runtime.embedded;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Real {@code redis-server} processes on 127.0.0.1 watched by Redis Sentinel: a master, its
 * replicas ({@code --replicaof}) and sentinels ({@code redis-server <conf> --sentinel}, quorum 2,
 * failure detected after 1 s), each a {@link SupervisedProcess}, so nothing outlives the JVM. For
 * failover tests: {@link #killMaster()} is a SIGKILL, and the sentinels promote a replica within
 * seconds. The servers may require a password (the master's, given to the replicas as
 * {@code masterauth} and to the sentinels as {@code auth-pass}), and the sentinels one of their own.
 */
public final class EmbeddedRedisSentinel implements AutoCloseable {
  /** The master name the sentinels monitor. */
  public static final String MASTER_NAME = "m";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final String masterPassword;
  private final String sentinelPassword;
  private final List<SupervisedProcess> processes = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();
  private final int firstMasterPort;
  private SupervisedProcess master;

  private EmbeddedRedisSentinel(String masterPassword, String sentinelPassword) {
    this.masterPassword = masterPassword;
    this.sentinelPassword = sentinelPassword;
    this.firstMasterPort = FreePorts.next();
    try {
      this.dir = Files.createTempDirectory("tributary-sentinel-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a master, {@code replicas} replicas and {@code sentinels} sentinels, and waits until
   * every sentinel knows every replica and every other sentinel (a failover can then be agreed on).
   *
   * @param masterPassword the servers' {@code requirepass}; null: none
   * @param sentinelPassword the sentinels' {@code requirepass}; null: none
   */
  public static EmbeddedRedisSentinel start(int replicas, int sentinels, String masterPassword,
      String sentinelPassword) {
    EmbeddedRedisSentinel set = new EmbeddedRedisSentinel(masterPassword, sentinelPassword);
    try {
      set.master = set.server("master", set.firstMasterPort, List.of());
      for (int r = 1; r <= replicas; r++) {
        set.server("replica-" + r, FreePorts.next(),
            List.of("--replicaof", "127.0.0.1", String.valueOf(set.firstMasterPort)));
      }
      for (int s = 0; s < sentinels; s++) {
        set.sentinel("sentinel-" + s, FreePorts.next());
      }
      String known = "slaves=" + replicas + ",sentinels=" + sentinels;
      for (int port : set.sentinelPorts) {
        awaitTrue("sentinel on " + port + " to report " + known,
            () -> info(uri(port, sentinelPassword), "sentinel").contains(known));
      }
      return set;
    } catch (RuntimeException e) {
      set.close();
      throw e;
    }
  }

  /**
   * {@code redis-sentinel://[:password@]127.0.0.1:p1,127.0.0.1:p2,.../0#m}, the URL the runtime
   * takes, with the master's password.
   */
  public String url() {
    return "redis-sentinel://" + (masterPassword == null ? "" : ":" + masterPassword + "@")
        + sentinelPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")) + "/0#" + MASTER_NAME;
  }

  /** {@link #url()} as a Lettuce URI with the sentinels' password set, for a test's own client. */
  public RedisURI clientUri() {
    RedisURI uri = RedisURI.create(url());
    if (sentinelPassword != null) {
      uri.getSentinels().forEach(s -> s.setCredentialsProvider(
          new io.lettuce.core.StaticCredentialsProvider(null, sentinelPassword.toCharArray())));
    }
    return uri;
  }

  public List<Integer> sentinelPorts() {
    return List.copyOf(sentinelPorts);
  }

  /** The port of the first master. */
  public int firstMasterPort() {
    return firstMasterPort;
  }

  /** The master's port as the first sentinel names it now; -1 when it does not answer. */
  public int masterPort() {
    RedisClient client = RedisClient.create();
    try (var sentinel = client.connectSentinel(uri(sentinelPorts.get(0), sentinelPassword))) {
      return ((InetSocketAddress) sentinel.sync().getMasterAddrByName(MASTER_NAME)).getPort();
    } catch (RuntimeException notYet) {
      return -1;
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  /** SIGKILL of the first master (no shutdown, no save, no goodbye to its replicas). */
  public void killMaster() throws InterruptedException {
    master.kill();
  }

  private SupervisedProcess server(String name, int port, List<String> extra) {
    Path work = directory(name);
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no",
        "--dir", work.toString()));
    if (masterPassword != null) {
      command.addAll(List.of("--requirepass", masterPassword, "--masterauth", masterPassword));
    }
    command.addAll(extra);
    SupervisedProcess process = SupervisedProcess.start(name, command, Map.of(), work.resolve("redis.log"));
    processes.add(process);
    awaitTrue(name + " on " + port + " to answer", () -> ping(uri(port, masterPassword)));
    return process;
  }

  private void sentinel(String name, int port) {
    Path work = directory(name);
    Path conf = work.resolve("sentinel.conf");
    List<String> lines = new ArrayList<>(List.of(
        "port " + port,
        "bind 127.0.0.1",
        "protected-mode no",
        "dir " + work,
        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + firstMasterPort + " 2",
        // short timings, so that a test's failover takes seconds
        "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
        "sentinel failover-timeout " + MASTER_NAME + " 5000",
        "sentinel parallel-syncs " + MASTER_NAME + " 4"));
    if (masterPassword != null) {
      lines.add("sentinel auth-pass " + MASTER_NAME + " " + masterPassword);
    }
    if (sentinelPassword != null) {
      lines.add("requirepass " + sentinelPassword);
      lines.add("sentinel sentinel-pass " + sentinelPassword); // the sentinels talk to one another too
    }
    try {
      // the sentinel rewrites this file with what it learns: it must be writable
      Files.writeString(conf, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SupervisedProcess process = SupervisedProcess.start(name, List.of("redis-server", conf.toString(), "--sentinel"),
        Map.of(), work.resolve("sentinel.log"));
    processes.add(process);
    sentinelPorts.add(port);
    awaitTrue(name + " on " + port + " to answer", () -> ping(uri(port, sentinelPassword)));
  }

  private Path directory(String name) {
    try {
      return Files.createDirectories(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RedisURI uri(int port, String password) {
    RedisURI.Builder builder = RedisURI.Builder.redis("127.0.0.1", port);
    return (password == null ? builder : builder.withPassword(password.toCharArray())).build();
  }

  private static boolean ping(RedisURI uri) {
    RedisClient client = RedisClient.create(uri);
    try (var connection = client.connect()) {
      return "PONG".equals(connection.sync().ping());
    } catch (RuntimeException notYet) {
      return false;
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  private static String info(RedisURI uri, String section) {
    RedisClient client = RedisClient.create(uri);
    try (var connection = client.connect()) {
      return connection.sync().info(section);
    } catch (RuntimeException notYet) {
      return "";
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  /** Stops every process and deletes the working directory. */
  @Override
  public void close() {
    processes.forEach(SupervisedProcess::close);
    processes.clear();
    TempDirs.deleteQuietly(dir);
  }
}
