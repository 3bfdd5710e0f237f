package io.tributary.runtime.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.tributary.runtime.config.KeyPrefix;
import io.tributary.runtime.testing.SharedServers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An ETL {@code redisHash} load writes its hashes under the Pipeline's key prefix (real redis-server). */
class RedisHashLoaderPrefixIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void hashesGoUnderThePrefix() throws Exception {
    String u = "h" + UUID.randomUUID().toString().substring(0, 8);
    RedisClient client = RedisClient.create(SharedServers.redis().url());
    try {
      ObjectNode record = (ObjectNode) JSON.readTree("{\"symbol\": \"AAPL\", \"avg_price\": 1.5}");
      new RedisHashLoader(client, u + ":daily:{symbol}", Optional.empty(), 256, KeyPrefix.of("shop.a:"))
          .load(List.of(record));
      new RedisHashLoader(client, u + ":daily:{symbol}", Optional.empty(), 256, KeyPrefix.of("shop.b:"))
          .load(List.of((ObjectNode) JSON.readTree("{\"symbol\": \"AAPL\", \"avg_price\": 2}")));
      var redis = client.connect().sync();
      assertThat(redis.hgetall("shop.a:" + u + ":daily:AAPL")).isEqualTo(Map.of("symbol", "AAPL", "avg_price", "1.5"));
      assertThat(redis.hgetall("shop.b:" + u + ":daily:AAPL")).isEqualTo(Map.of("symbol", "AAPL", "avg_price", "2"));
      assertThat(redis.exists(u + ":daily:AAPL")).isZero();
    } finally {
      client.shutdown();
    }
  }
}
