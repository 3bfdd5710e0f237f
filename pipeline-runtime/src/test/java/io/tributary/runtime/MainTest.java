package io.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The version in pipeline-runtime/pom.xml (its parent's), which --version must print. */
  static String pomVersion(Path pom) throws Exception {
    String text = Files.readString(pom);
    Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>.*?</parent>", Pattern.DOTALL).matcher(text);
    assertThat(parent.find()).as("a parent version in %s", pom).isTrue();
    return parent.group(1).trim();
  }

  @Test
  void helpListsTheCommandsTheEnvironmentAndTheExitCodes() {
    assertThat(run(Map.of(), "--help")).isZero();
    assertThat(out()).startsWith("Usage: pipeline-runtime [-hV] (producer | worker | etl | validate)")
        .contains("producer", "worker", "etl", "validate")
        // the whole description of each command, not its first line only
        .contains("(<field>: <message>), or \"<file>: valid <role>")
        .contains("TRIBUTARY_CONFIG", "TRIBUTARY_LOG_LEVEL", "TRIBUTARY_LOG_FORMAT")
        .contains("2   bad command line or configuration");
    assertThat(err()).isEmpty();
  }

  @Test
  void versionIsTheMavenProjectVersion() throws Exception {
    assertThat(run(Map.of(), "--version")).isZero();
    assertThat(out().strip()).isEqualTo("pipeline-runtime " + pomVersion(Path.of("pom.xml")));
    out.reset();
    assertThat(run(Map.of(), "-V")).isZero();
    assertThat(out().strip()).isEqualTo("pipeline-runtime " + pomVersion(Path.of("pom.xml")));
  }

  @Test
  void everyCommandAnswersHelpWithoutReadingAConfiguration() {
    for (String command : new String[] {"producer", "worker", "etl", "validate"}) {
      out.reset();
      // the config path does not exist: help must not look at it
      assertThat(run(Map.of("TRIBUTARY_CONFIG", dir.resolve("absent.json").toString()), command, "--help"))
          .as(command).isZero();
      assertThat(out()).as(command).startsWith("Usage: pipeline-runtime " + command + " [-hV] [<config.json>]")
          .contains("/etc/tributary/config.json").contains("Exit codes:");
    }
    assertThat(err()).isEmpty();
  }

  @Test
  void aBadCommandLineNamesTheProblemAndExits2() {
    assertThat(run(Map.of(), "worker", "a.json", "b.json")).isEqualTo(2);
    assertThat(err()).contains("Unmatched argument at index 2: 'b.json'").contains("usage: pipeline-runtime");
    assertThat(run(Map.of(), "--verbose")).isEqualTo(2);
    assertThat(err()).contains("Unknown option: '--verbose'");
  }

  @Test
  void aLogLevelOrFormatLogbackWouldMisreadIsRefusedBeforeStarting() {
    // logback would silently log at DEBUG for an unknown level
    assertThat(run(Map.of("TRIBUTARY_LOG_LEVEL", "verbose"), "worker", dir.resolve("c.json").toString())).isEqualTo(2);
    assertThat(err()).contains("TRIBUTARY_LOG_LEVEL=\"verbose\" is not a log level (use one of TRACE, DEBUG, INFO,"
        + " WARN, ERROR, OFF)").doesNotContain("cannot read");
    assertThat(run(Map.of("TRIBUTARY_LOG_FORMAT", "yaml"), "producer", dir.resolve("c.json").toString())).isEqualTo(2);
    assertThat(err()).contains("TRIBUTARY_LOG_FORMAT=\"yaml\" is not a log format (use json or text)");
  }

  @Test
  void theCommandWordIsCaseInsensitiveAsBefore() throws Exception {
    Path config = dir.resolve("etl.json");
    Files.writeString(config, """
        {"pipeline": "p", "component": "c", "role": "etl",
         "kafka": {"bootstrapServers": "127.0.0.1:1"}, "redis": {"url": "redis://127.0.0.1:1"},
         "etl": {"extract": {"topic": {"name": "t"}}, "load": {"redisHash": {"key": "k:{a}"}}}}
        """);
    assertThat(run(Map.of(), "VALIDATE", config.toString())).isZero();
    assertThat(out()).contains("valid etl configuration");
  }

  @Test
  void withoutARoleItPrintsUsageAndExits2() {
    assertThat(run(Map.of())).isEqualTo(2);
    assertThat(err()).contains("usage: pipeline-runtime producer|worker|etl|validate [config.json]");
    assertThat(run(Map.of(), "consume")).isEqualTo(2);
    assertThat(err()).contains("unknown command \"consume\": use producer, worker, etl or validate");
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
