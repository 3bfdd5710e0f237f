package io.tributary.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Input written in transactions (the operator's redrive, any exactly-once producer): the worker
 * applies the committed records, never the aborted ones, and its group ends at the topic's end, not
 * one short of it per transaction marker, so the lag the autoscaler and an ETL {@code waitFor}
 * gate read reaches 0.
 */
class TransactionalInputIT {
  @Test
  void committedTransactionsAreAppliedAbortedOnesNeverAndTheGroupReachesTheEnd() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    String p = "tx" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    kafka.createTopic(in, 2);
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("transactional.id", p + "-producer");
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.initTransactions();
      for (int tx = 0; tx < 3; tx++) {
        producer.beginTransaction();
        for (int i = 0; i < 4; i++) {
          producer.send(new ProducerRecord<>(in, i % 2, "k" + i, "{\"amount\":1}"));
        }
        if (tx == 1) {
          producer.abortTransaction();
        } else {
          producer.commitTransaction();
        }
      }
    }
    String config = WorkerConfigs.topicWorker(p, kafka.bootstrapServers(), SharedServers.redis().url(), in,
        "[{\"aggregate\": {\"key\": \"" + p + ":total\", \"count\": true}}]", null);
    RedisClient client = RedisClient.create(SharedServers.redis().url());
    try (RunningRole worker = RunningRole.start(config); var redis = client.connect()) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> WorkerProcessorsIT.committed(p, in) == endOffsets(kafka, in));
      assertThat(redis.sync().hget(p + ":total", "count")).as("the 8 committed records, not the 4 aborted").isEqualTo("8");
    } finally {
      client.shutdown();
    }
  }

  private static long endOffsets(EmbeddedKafkaBroker kafka, String topic) throws Exception {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      latest.put(new TopicPartition(topic, 0), OffsetSpec.latest());
      latest.put(new TopicPartition(topic, 1), OffsetSpec.latest());
      return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }
  }
}
