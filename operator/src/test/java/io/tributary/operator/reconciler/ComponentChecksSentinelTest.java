package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.operator.testing.Fixtures;
import io.tributary.runtime.config.InputConfig;
import io.tributary.runtime.config.KafkaConfig;
import io.tributary.runtime.config.ProcessorConfig;
import io.tributary.runtime.config.RedisConfig;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.WorkerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Sentinel URL without a master name stops the Worker that would use it, naming redis.url. */
class ComponentChecksSentinelTest {

  private static RuntimeConfig worker(String redisUrl) {
    return RuntimeConfig.worker("payments", "ns", "w", KafkaConfig.plaintext("kafka:9092"), new RedisConfig(redisUrl),
        null, new WorkerConfig(InputConfig.of(new InputConfig.Topic("in", null)),
            List.of(ProcessorConfig.of(new ProcessorConfig.CacheLatest("k:{id}", "5m"))), null));
  }

  @Test
  void aSentinelUrlWithoutAMasterNameIsRefusedNamingTheFieldNotThePassword() {
    var pipeline = Fixtures.plainPipeline("payments", "Retain");
    assertThat(ComponentChecks.runtimeAccepts(worker("redis-sentinel://:hunter2@s0:26379,s1:26379/0"), "worker", pipeline))
        .hasValueSatisfying(verdict -> assertThat(verdict.message())
            .contains("Pipeline \"payments\" redis.url: \"redis-sentinel://:***@s0:26379,s1:26379/0\" names no Sentinel master")
            .doesNotContain("hunter2"));
    assertThat(ComponentChecks.runtimeAccepts(worker("redis-sentinel://:hunter2@s0:26379,s1:26379/0#mymaster"), "worker",
        pipeline)).isEmpty();
  }
}
