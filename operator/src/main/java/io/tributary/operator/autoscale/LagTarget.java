package io.tributary.operator.autoscale;

import io.tributary.api.v1alpha1.OffsetResetPolicy;
import java.util.Map;

/** Where an autoscaled Worker's backlog is: a Kafka topic and group, or a Redis stream and group. */
public sealed interface LagTarget {

  /** A short human-readable name, e.g. {@code topic orders, group market-data.writer}. */
  String describe();

  /**
   * A topic read by a consumer group.
   *
   * @param bootstrapServers the cluster (one Admin client is shared per bootstrap string and
   *     properties)
   * @param clientProperties extra Admin client properties (security)
   * @param topic the input topic
   * @param group the consumer group
   * @param offsetResetPolicy how a partition without a committed offset counts
   */
  record KafkaTopic(
      String bootstrapServers, Map<String, String> clientProperties, String topic, String group,
      OffsetResetPolicy offsetResetPolicy) implements LagTarget {
    public KafkaTopic {
      clientProperties = Map.copyOf(clientProperties);
    }

    @Override
    public String describe() {
      return "topic " + topic + ", group " + group + " at " + bootstrapServers;
    }
  }

  /**
   * A Redis stream read by a consumer group.
   *
   * @param redisUrl {@code redis://host:port/db}, with the password when the Pipeline has one
   * @param stream the stream key
   * @param group the consumer group
   * @param caPem the CA (PEM) of the Pipeline's {@code spec.redis.tls.caSecretRef}, trusted for a
   *     {@code rediss://} URL as the workers trust it; null: the JVM's default trust store
   * @param sentinelPassword the password of the sentinels of a {@code redis-sentinel://} URL
   *     (the Pipeline's {@code sentinelPasswordSecretRef}); null: none
   * @param cluster the URL names seed nodes of a Redis Cluster (the Pipeline's
   *     {@code spec.redis.cluster}): the stream is read on the master of its slot
   */
  record RedisStream(String redisUrl, String stream, String group, String caPem, String sentinelPassword,
      boolean cluster) implements LagTarget {
    /** A stream on a Redis without a CA of its own whose sentinels (if any) need no password. */
    public RedisStream(String redisUrl, String stream, String group) {
      this(redisUrl, stream, group, null, null);
    }

    /** A stream on one Redis server (or the master its sentinels name). */
    public RedisStream(String redisUrl, String stream, String group, String caPem, String sentinelPassword) {
      this(redisUrl, stream, group, caPem, sentinelPassword, false);
    }

    @Override
    public String describe() {
      return "stream " + stream + ", group " + group;
    }

    /** Never the URL, which may carry a password. */
    @Override
    public String toString() {
      return "RedisStream[" + describe() + "]";
    }
  }
}
