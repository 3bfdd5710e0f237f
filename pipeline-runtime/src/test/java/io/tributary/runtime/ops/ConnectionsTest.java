package io.tributary.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionsTest {
  private static final RuntimeConfig CONFIG = RuntimeConfigs.parse("""
      {"pipeline": "p", "component": "c", "role": "etl", "kafka": {"bootstrapServers": "k:9092"},
       "redis": {"url": "redis://r:6379/2"},
       "etl": {"extract": {"topic": {"name": "t"}}, "load": {"redisHash": {"key": "h:{x}"}}}}""").orThrow();

  @Test
  void theComponentsOwnAclUserComesWithItsPassword() {
    RedisURI uri = Connections.redisUri(CONFIG, Map.of("TRIBUTARY_REDIS_USERNAME", "tributary.ns.p:w",
        "TRIBUTARY_REDIS_PASSWORD", "p@ss word")::get);
    assertThat(uri.getUsername()).isEqualTo("tributary.ns.p:w");
    assertThat(new String(uri.getPassword())).isEqualTo("p@ss word");
    assertThat(uri.getHost()).isEqualTo("r");
    assertThat(uri.getDatabase()).isEqualTo(2);
  }

  @Test
  void aUserNameWithoutPasswordIsTheDefaultUser() {
    RedisURI uri = Connections.redisUri(CONFIG, Map.of("TRIBUTARY_REDIS_USERNAME", "u")::get);
    assertThat(uri.getUsername()).isNull();
    assertThat(uri.getPassword()).isNull();
  }
}
