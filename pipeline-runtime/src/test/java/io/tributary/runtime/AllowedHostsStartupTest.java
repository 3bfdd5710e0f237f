package io.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.runtime.config.AllowedHosts;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.RuntimeConfigs;
import io.tributary.runtime.config.SecretEnv;
import io.tributary.runtime.ops.Lifecycle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A runtime pod checks its hosts against {@value AllowedHosts#ENV} before it connects to anything
 * (issue #14 §4): the Redis URL a Secret holds is invisible to the operator, so the pod is where it
 * is checked. Refused: exit code 2 (configuration), the field and host on stderr, no ops server.
 */
class AllowedHostsStartupTest {
  private static final String WORKER = """
      {"pipeline":"p","component":"w","role":"worker",
       "kafka":{"bootstrapServers":"127.0.0.1:1"},
       "redis":{"url":"redis://127.0.0.1:1/0"},
       "worker":{"input":{"topic":{"name":"t"}},"processors":[{"cacheLatest":{"key":"k:{id}","ttl":"1m"}}]}}""";

  @Test
  void aRedisUrlFromTheSecretOutsideTheListStopsThePodWithAConfigurationError() throws Exception {
    RuntimeConfig config = RuntimeConfigs.mapper().readValue(WORKER, RuntimeConfig.class);
    Map<String, String> env = Map.of(AllowedHosts.ENV, "127.0.0.1", SecretEnv.REDIS_URL, "redis://:pw@10.0.0.9:6379/0",
        "TRIBUTARY_METRICS_PORT", "0", "TRIBUTARY_METRICS_BIND", "127.0.0.1");
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    boolean[] started = {false};
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = Main.runRole(config, env::get, new Lifecycle(), ops -> started[0] = true);
    } finally {
      System.setErr(original);
    }
    assertThat(exit).isEqualTo(Main.EXIT_CONFIG);
    assertThat(started[0]).as("the ops server (and the role) never started").isFalse();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(SecretEnv.REDIS_URL + " (the Pipeline's spec.redis.urlSecretRef): host \"10.0.0.9\" is not in the"
            + " operator's allowed hosts")
        .doesNotContain("pw");
  }

  @Test
  void anEntryThatIsNoHostStopsThePodNamingTheVariable() throws Exception {
    RuntimeConfig config = RuntimeConfigs.mapper().readValue(WORKER, RuntimeConfig.class);
    Map<String, String> env = Map.of(AllowedHosts.ENV, "127.0.0.1, bad host");
    assertThat(Main.runRole(config, env::get, new Lifecycle(), ops -> { })).isEqualTo(Main.EXIT_CONFIG);
  }
}
