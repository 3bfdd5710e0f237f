package io.tributary.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.tributary.runtime.Main;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import io.tributary.runtime.embedded.FreePorts;
import io.tributary.runtime.testing.RuntimeProcess;
import io.tributary.runtime.testing.SharedServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Redis password in anything the runtime prints: logs (production JSON format), the
 * {@code validate} output, {@code /readyz} and {@code /metrics} — for a URL Redis cannot even
 * parse and for a valid one that works.
 */
class SecretRedactionIT {
  private static final String SECRET = "Sup3rS3cretPassw0rd";
  private static final List<String> PRODUCTION_LOGS = List.of("-Dlogback.configurationFile=logback.xml");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path dir;

  @Test
  void aMalformedRedisUrlWithAPasswordIsNeverPrinted() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "rm" + UUID.randomUUID().toString().substring(0, 8);
    // a space in the host: java.net.URI and Lettuce refuse it, quoting the whole URL
    String config = worker(p, kafka.bootstrapServers(), "redis://tributary:" + SECRET + "@bad host:6379/0");
    try (RuntimeProcess worker = RuntimeProcess.start("worker", config, dir, "malformed", Map.of(), PRODUCTION_LOGS)) {
      assertThat(worker.waitFor(Duration.ofSeconds(60))).as(worker.log()).isEqualTo(Main.EXIT_FAILED);
      assertThat(worker.log()).contains("bad host").doesNotContain(SECRET);
    }
    // the same URL given by the Pipeline's urlSecretRef
    String fromSecret = worker(p, kafka.bootstrapServers(), "redis://localhost:6379");
    try (RuntimeProcess worker = RuntimeProcess.start("worker", fromSecret, dir, "malformed-env",
        Map.of("TRIBUTARY_REDIS_URL", "redis://:" + SECRET + "@bad host:6379"), PRODUCTION_LOGS)) {
      assertThat(worker.waitFor(Duration.ofSeconds(60))).as(worker.log()).isEqualTo(Main.EXIT_FAILED);
      assertThat(worker.log()).contains("bad host").doesNotContain(SECRET);
    }
  }

  @Test
  void validateNeverPrintsAPassword() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, worker("v", "127.0.0.1:9092", "http://tributary:" + SECRET + "@redis:6379"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(new String[] {"validate", file.toString()}, name -> null,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertThat(exit).isEqualTo(1);
    assertThat(printed).contains("redis.url").contains("@redis:6379").doesNotContain(SECRET);
  }

  @Test
  void aWorkingRedisUrlWithAPasswordIsNeverPrinted() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "rv" + UUID.randomUUID().toString().substring(0, 8);
    kafka.createTopic(p + "-in", 1);
    try (EmbeddedRedisServer redisServer = EmbeddedRedisServer.startOnFreePort()) {
      RedisClient client = RedisClient.create(redisServer.url());
      client.connect().sync().configSet("requirepass", SECRET);
      client.shutdown();
      String url = "redis://:" + SECRET + "@127.0.0.1:" + redisServer.port();
      int port = FreePorts.next();
      try (RuntimeProcess worker = RuntimeProcess.start("worker", worker(p, kafka.bootstrapServers(), url), dir,
          "valid", Map.of("TRIBUTARY_METRICS_PORT", String.valueOf(port)), PRODUCTION_LOGS)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/readyz").equals("ready\n"));
        String metrics = get(port, "/metrics");
        assertThat(metrics).contains("kafka_messages_consumed_total").doesNotContain(SECRET);
        // and after Redis went away: the pod says why it is not ready, without the URL's secret
        redisServer.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> get(port, "/readyz").contains("redis"));
        assertThat(get(port, "/readyz")).doesNotContain(SECRET);
        assertThat(get(port, "/metrics")).doesNotContain(SECRET);
        assertThat(worker.terminate()).isZero();
        assertThat(worker.log()).contains("worker reading topic").doesNotContain(SECRET);
      }
    }
  }

  private static String worker(String p, String bootstrap, String redisUrl) {
    return """
        {"pipeline": "test", "component": "%s", "role": "worker",
         "kafka": {"bootstrapServers": "%s"}, "redis": {"url": "%s"},
         "worker": {"input": {"topic": {"name": "%s-in"}},
                    "processors": [{"aggregate": {"key": "%s:total", "count": true}}]}}
        """.formatted(p, bootstrap, redisUrl, p, p);
  }

  private static String get(int port, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception notUpYet) {
      return "";
    }
  }

}
