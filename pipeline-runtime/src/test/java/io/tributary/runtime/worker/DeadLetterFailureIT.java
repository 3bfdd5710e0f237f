package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A dead-letter write that can never succeed (here: the record with its error headers is larger
 * than the dead-letter topic's {@code max.message.bytes}) is reported — metric, error log line,
 * readiness false with the reason — and the record waits uncommitted until the cause is fixed.
 */
class DeadLetterFailureIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aPermanentDeadLetterFailureTurnsThePodNotReadyWithTheReasonAndKeepsTheRecord() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "dl" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    String dlq = p + ".dlq";
    kafka.createTopic(in, 1);
    try (var admin = kafka.admin()) {
      admin.createTopics(List.of(new NewTopic(dlq, 1, (short) 1).configs(Map.of("max.message.bytes", "2000"))))
          .all().get();
    }
    kafka.createTopic(dlq, 1); // waits until the broker serves it
    // not JSON: dead-lettered at once; 4000 bytes never fit a 2000-byte topic
    KafkaTestClient.send(kafka.bootstrapServers(), in, List.of("x".repeat(4000), "{\"id\": 2}"));
    String processors = "[{\"aggregate\": {\"key\": \"" + p + ":total\", \"count\": true}}]";

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try (RunningRole worker = RunningRole.start(WorkerConfigs.topicWorker(p, kafka.bootstrapServers(),
        SharedServers.redis().url(), in, processors, null))) {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(readyz(worker).body())
          .contains("dead-letter").contains("RecordTooLargeException").contains(dlq)
          .contains(in + "[0]@0"));
      assertThat(readyz(worker).statusCode()).isEqualTo(503);
      assertThat(worker.metrics()).containsPattern(
          "tributary_dead_letter_failures_total\\{[^}]*reason=\"RecordTooLargeException\"[^}]*} 1\\.0");
      assertThat(logs.list).anySatisfy(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.ERROR);
        assertThat(event.getFormattedMessage()).contains(in + "[0]@0").contains(dlq).contains("RecordTooLargeException");
      });
      assertThat(WorkerProcessorsIT.committed(p, in)).as("the partition waits: nothing committed").isZero();

      // fixing the cause lets the partition go on without a restart
      try (var admin = kafka.admin()) {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, dlq),
            List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1000000"), AlterConfigOp.OpType.SET))))
            .all().get();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> WorkerProcessorsIT.committed(p, in) == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> readyz(worker).statusCode() == 200);
      assertThat(KafkaTestClient.readAll(kafka.bootstrapServers(), dlq, 1)).hasSize(1);
    } finally {
      root.detachAppender(logs);
    }
  }

  static HttpResponse<String> readyz(RunningRole role) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + role.opsServer().port() + "/readyz"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
