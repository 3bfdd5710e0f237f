package io.tributary.runtime.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.runtime.testing.SharedServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedServersIT {

  @Test
  void kafkaBrokerCreatesTopicsAndRoundTripsRecords() throws Exception {
    EmbeddedKafkaBroker kafka = SharedServers.kafka();
    kafka.createTopic("embedded-roundtrip", 3);
    kafka.createTopic("embedded-roundtrip", 3); // idempotent
    try (Admin admin = kafka.admin()) {
      assertThat(admin.describeTopics(Set.of("embedded-roundtrip")).allTopicNames().get()
          .get("embedded-roundtrip").partitions()).hasSize(3);
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("embedded-roundtrip", "k", "{\"a\":1}")).get();
    }
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers(), "group.id", "embedded-test",
        "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("embedded-roundtrip"));
      long deadline = System.currentTimeMillis() + 30_000;
      while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
    }
    assertThat(seen).extracting(ConsumerRecord::value).containsExactly("{\"a\":1}");
  }

  @Test
  void redisServerStopsAndStartsAgainOnTheSamePort() {
    try (EmbeddedRedisServer redis = EmbeddedRedisServer.startOnFreePort()) {
      RedisClient client = RedisClient.create(redis.url());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        assertThat(connection.sync().set("k", "v")).isEqualTo("OK");
      }
      int port = redis.port();
      redis.stop();
      assertThat(redis.isRunning()).isFalse();
      assertThatThrownBy(client::connect).isInstanceOf(io.lettuce.core.RedisConnectionException.class);
      redis.start();
      assertThat(redis.port()).isEqualTo(port);
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        // stop() saves a snapshot, like a Redis with persistence that restarts
        assertThat(connection.sync().get("k")).isEqualTo("v");
      } finally {
        client.shutdown();
      }
    }
  }
}
