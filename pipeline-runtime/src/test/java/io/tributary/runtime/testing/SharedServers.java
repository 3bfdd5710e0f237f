package io.tributary.runtime.testing;

import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisServer;

/**
 * One Kafka broker and one redis-server per test JVM, started on first use and stopped by their
 * shutdown hooks. Tests that stop Redis on purpose start their own {@link EmbeddedRedisServer}.
 * Tests isolate themselves with unique topic names and key prefixes, not with fresh servers.
 */
public final class SharedServers {
  private static EmbeddedKafkaBroker kafka;
  private static EmbeddedRedisServer redis;

  private SharedServers() {}

  public static synchronized EmbeddedKafkaBroker kafka() {
    if (kafka == null) {
      kafka = EmbeddedKafkaBroker.start();
    }
    return kafka;
  }

  public static synchronized EmbeddedRedisServer redis() {
    if (redis == null || !redis.isRunning()) {
      redis = redis == null ? EmbeddedRedisServer.startOnFreePort() : redis.start();
    }
    return redis;
  }
}
