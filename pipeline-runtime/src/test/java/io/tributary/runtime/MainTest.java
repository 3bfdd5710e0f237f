package io.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return Main.run(args, env::get, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutARoleItPrintsUsageAndExits2() {
    assertThat(run(Map.of())).isEqualTo(2);
    assertThat(err()).contains("usage: pipeline-runtime producer|worker|etl|validate [config.json]");
    assertThat(run(Map.of(), "consume")).isEqualTo(2);
    assertThat(err()).contains("unknown command \"consume\"");
  }

  @Test
  void anInvalidConfigurationIsRefusedWithItsProblemsBeforeConnecting() throws Exception {
    Path config = dir.resolve("config.json");
    // a reachable-looking broker that does not exist: refusing must not even try it
    Files.writeString(config, """
        {"pipeline": "p", "component": "c", "role": "worker",
         "kafka": {"bootstrapServers": "10.255.255.1:9092"}, "redis": {"url": "redis://10.255.255.1:6379"},
         "worker": {"input": {"topic": {"name": "t"}},
                    "processors": [{"cacheLatest": {"key": "k:{symbol", "ttl": "5x"}}]}}
        """);
    long started = System.nanoTime();
    assertThat(run(Map.of(), "worker", config.toString())).isEqualTo(2);
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
    assertThat(err()).contains("invalid configuration, not starting")
        .contains("worker.processors[0].cacheLatest.ttl")
        .contains("worker.processors[0].cacheLatest.key");
  }

  @Test
  void theConfigPathComesFromTributaryConfigAndTheRoleMustMatch() throws Exception {
    Path config = dir.resolve("etl.json");
    Files.writeString(config, """
        {"pipeline": "p", "component": "c", "role": "etl",
         "kafka": {"bootstrapServers": "127.0.0.1:1"}, "redis": {"url": "redis://127.0.0.1:1"},
         "etl": {"extract": {"topic": {"name": "t"}}, "load": {"redisHash": {"key": "k:{a}"}}}}
        """);
    assertThat(run(Map.of("TRIBUTARY_CONFIG", config.toString()), "worker")).isEqualTo(2);
    assertThat(err()).contains("the configuration is for role \"etl\", not \"worker\"");
    assertThat(run(Map.of("TRIBUTARY_CONFIG", config.toString()), "validate")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("valid etl configuration");
  }

  @Test
  void aMissingConfigFileIsAConfigurationError() {
    assertThat(run(Map.of(), "producer", dir.resolve("absent.json").toString())).isEqualTo(2);
    assertThat(err()).contains("cannot read");
  }
}
