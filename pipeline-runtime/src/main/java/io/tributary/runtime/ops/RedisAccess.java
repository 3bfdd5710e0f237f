package io.tributary.runtime.ops;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.Objects;

/**
 * The seam between the runtime and either kind of Redis: one server ({@link RedisClient}) or a
 * Redis Cluster ({@link RedisClusterClient}). Both connections offer
 * {@link RedisClusterAsyncCommands} (the async API of a single-server connection extends it, and
 * the cluster connection's routes each command to the master of its first key's slot, following
 * {@code MOVED}/{@code ASK}), and both are a {@link StatefulConnection} for manual flushing, so the
 * worker's batches and the ETL load run unchanged on either.
 */
public final class RedisAccess {
  private final RedisClient single;
  private final RedisClusterClient cluster;

  private RedisAccess(RedisClient single, RedisClusterClient cluster) {
    this.single = single;
    this.cluster = cluster;
  }

  /** Access to one Redis server. */
  public static RedisAccess of(RedisClient client) {
    return new RedisAccess(Objects.requireNonNull(client, "client"), null);
  }

  /** Access to a Redis Cluster. */
  public static RedisAccess of(RedisClusterClient client) {
    return new RedisAccess(null, Objects.requireNonNull(client, "client"));
  }

  /** Whether this is a Redis Cluster. */
  public boolean cluster() {
    return cluster != null;
  }

  /** Opens a connection (to the cluster: to the nodes of its topology, as commands need them). */
  public Session connect() {
    if (single != null) {
      StatefulRedisConnection<String, String> connection = single.connect();
      return new Session(connection, connection.async());
    }
    StatefulRedisClusterConnection<String, String> connection = cluster.connect();
    return new Session(connection, connection.async());
  }

  /** Closes the client and its connections. */
  public void shutdown(Duration quietPeriod, Duration timeout) {
    if (single != null) {
      single.shutdown(quietPeriod, timeout);
    } else {
      cluster.shutdown(quietPeriod, timeout);
    }
  }

  /**
   * One connection with the commands common to both kinds.
   *
   * @param connection for {@code setAutoFlushCommands}, {@code flushCommands}, {@code close}
   * @param async the commands
   */
  public record Session(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> async)
      implements AutoCloseable {

    /** A session over a single-server connection (tests and callers that hold one). */
    public static Session of(StatefulRedisConnection<String, String> connection) {
      return new Session(connection, connection.async());
    }

    /**
     * The blocking commands common to both kinds (a cluster's route each to the master of its
     * first key's slot), for callers that auto-flush, such as the Redis-stream input.
     */
    public RedisClusterCommands<String, String> sync() {
      if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
        return cluster.sync();
      }
      return ((StatefulRedisConnection<String, String>) connection).sync();
    }

    /**
     * On a cluster, opens the connection to every master of the current topology now (each is
     * kept by the cluster connection under its host and port, so once open this costs a lookup
     * per master).
     *
     * <p>Why: with manual flushing, a command to a node whose connection is still being opened
     * is written when that connection is ready, not with the flush; a pipeline's later commands
     * can then reach that node before it (lettuce-core issues #1957, #2420). An ETL load's
     * {@code PEXPIRE} ran before its {@code HSET}, which left the hash without a ttl. With every
     * master connected before a pipeline starts, each node receives its commands in order.
     * Single server: nothing to do.
     */
    public void connectMasters() {
      if (!(connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
        return;
      }
      for (RedisClusterNode node : cluster.getPartitions()) {
        if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
          // by host and port: the key the slot routing caches its write connections under
          cluster.getConnection(node.getUri().getHost(), node.getUri().getPort());
        }
      }
    }

    @Override
    public void close() {
      connection.close();
    }
  }
}
