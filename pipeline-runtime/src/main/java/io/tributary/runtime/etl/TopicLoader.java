package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces each record as JSON to a topic (idempotent producer, acks=all); one wait for all. */
final class TopicLoader implements Loader {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  TopicLoader(Map<String, Object> kafkaProperties, String topic) {
    Map<String, Object> props = new HashMap<>(kafkaProperties);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.putIfAbsent("linger.ms", "5");
    props.putIfAbsent("max.block.ms", "15000");
    props.putIfAbsent("request.timeout.ms", "10000");
    props.putIfAbsent("delivery.timeout.ms", "30000");
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  @Override
  public void load(List<ObjectNode> records) throws Exception {
    List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
    for (ObjectNode record : records) {
      sends.add(producer.send(new ProducerRecord<>(topic, record.toString().getBytes(StandardCharsets.UTF_8))));
    }
    producer.flush();
    for (Future<RecordMetadata> send : sends) {
      send.get(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
