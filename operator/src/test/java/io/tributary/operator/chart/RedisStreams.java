package io.tributary.operator.chart;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;

/** Redis set up as a Worker's pods would have left it: a stream with its consumer group. */
final class RedisStreams {
  private RedisStreams() {}

  /** Creates {@code stream} (if missing) with the consumer group {@code group} at its start. */
  static void createGroup(String redisUrl, String stream, String group) {
    RedisClient client = RedisClient.create(redisUrl);
    try (var connection = client.connect()) {
      connection.sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
    } finally {
      client.shutdown();
    }
  }
}
