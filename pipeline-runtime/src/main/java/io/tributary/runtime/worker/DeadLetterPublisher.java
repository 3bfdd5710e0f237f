package io.tributary.runtime.worker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Sends failed records, value and key unchanged, to the dead-letter topic with the headers of
 * DESIGN §3 that say what failed, where the record came from and how often it was tried.
 */
final class DeadLetterPublisher {
  static final String ERROR_CLASS = "tributary.error.class";
  static final String ERROR_MESSAGE = "tributary.error.message";
  static final String ORIGINAL_TOPIC = "tributary.original.topic";
  static final String ORIGINAL_PARTITION = "tributary.original.partition";
  static final String ORIGINAL_OFFSET = "tributary.original.offset";
  static final String ATTEMPTS = "tributary.attempts";
  static final String COMPONENT = "tributary.component";
  private static final int MAX_MESSAGE_CHARS = 2000;

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final String component;

  DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, String component) {
    this.producer = producer;
    this.topic = topic;
    this.component = component;
  }

  String topic() {
    return topic;
  }

  Future<RecordMetadata> send(InboundRecord record, Throwable error, int attempts) {
    List<Header> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      if (!header.key().startsWith("tributary.")) {
        headers.add(header);
      }
    }
    String message = String.valueOf(error.getMessage());
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
    Throwable kind = error instanceof RecordFailure failure ? failure.reported() : error;
    headers.add(header(ERROR_CLASS, kind.getClass().getName()));
    headers.add(header(ERROR_MESSAGE, message));
    headers.add(header(ORIGINAL_TOPIC, record.source()));
    headers.add(header(ORIGINAL_PARTITION, String.valueOf(record.partition())));
    headers.add(header(ORIGINAL_OFFSET, record.position()));
    headers.add(header(ATTEMPTS, String.valueOf(attempts)));
    headers.add(header(COMPONENT, component));
    return producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers));
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
