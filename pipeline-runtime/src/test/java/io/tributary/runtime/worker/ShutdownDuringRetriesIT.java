package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A stop (SIGTERM) while a record waits for its next try must not spend the record's remaining
 * attempts at once and dead-letter it: the record stays uncommitted and the next owner of the
 * partition tries it again.
 */
class ShutdownDuringRetriesIT {
  /** Long enough that the stop always lands inside the backoff after the first failed try. */
  private static final String SLOW_RETRIES =
      "{\"maxAttempts\": 3, \"backoff\": {\"initial\": \"5s\", \"multiplier\": 1, \"max\": \"5s\"}}";

  @Test
  void stopDuringTheBackoffOfATransientFailureLeavesTheRecordUncommittedAndOutOfTheDeadLetterTopic() {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "sd" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 1);
    kafka.createTopic(p + ".dlq", 1);
    String processors = "[{\"aggregate\": {\"key\": \"" + p + ":total\", \"count\": true}}]";
    try (EmbeddedRedisServer redisServer = EmbeddedRedisServer.startOnFreePort()) {
      RedisClient client = RedisClient.create(redisServer.url());
      try {
        // Redis refuses every write until a replica is back: a transient condition of the server
        client.connect().sync().configSet("min-replicas-to-write", "1");
        KafkaTestClient.send(kafka.bootstrapServers(), in, List.of("{\"id\": 1}"));
        String config = WorkerConfigs.topicWorker(p, kafka.bootstrapServers(), redisServer.url(), in, processors,
            SLOW_RETRIES);

        RunningRole first = RunningRole.start(config);
        await().atMost(Duration.ofSeconds(60))
            .until(() -> first.metrics().contains("outcome=\"error\""));
        assertThat(first.stop()).isZero();

        assertThat(KafkaTestClient.readAll(kafka.bootstrapServers(), p + ".dlq", 1))
            .as("nothing dead-lettered on the way out").isEmpty();
        assertThat(committedOrZero(p, in)).as("the record's offset is not committed").isZero();

        // the next owner of the partition tries it again, and it goes through once Redis can write
        client.connect().sync().configSet("min-replicas-to-write", "0");
        try (RunningRole second = RunningRole.start(config)) {
          await().atMost(Duration.ofSeconds(60)).until(() -> WorkerResilienceIT.count(client, p) == 1);
          await().atMost(Duration.ofSeconds(30)).until(() -> committedOrZero(p, in) == 1);
        }
        assertThat(KafkaTestClient.readAll(kafka.bootstrapServers(), p + ".dlq", 1)).isEmpty();
      } finally {
        client.shutdown();
      }
    }
  }

  private static long committedOrZero(String component, String topic) {
    try {
      return WorkerProcessorsIT.committed(component, topic);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
