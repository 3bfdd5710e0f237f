package io.tributary.runtime.faults;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Payments sent at a steady pace by an idempotent {@code acks=all} producer, with a few poison
 * records among them (invalid JSON, a text amount). What the brokers acknowledged is the
 * reference: {@link #expected()} holds count and sum per account of the acknowledged good
 * records, {@link #poison()} where each acknowledged poison record landed. A send the cluster
 * refused is kept in {@link #failures()}: with one of three brokers down and
 * {@code min.insync.replicas=2} there should be none.
 */
final class AckedStream {
  private static final int ACCOUNTS = 40;

  private final String topic;
  private final int total;
  private final int poisonEvery;
  private final int perTick;
  private final Totals expected = new Totals();
  private final List<PoisonRecord> poison = new ArrayList<>();
  private final List<Exception> failures = new ArrayList<>();
  private final AtomicInteger acked = new AtomicInteger();
  private volatile int allowed;
  private CompletableFuture<Void> running;

  /** Where an acknowledged poison record is, and what it was. */
  record PoisonRecord(int partition, long offset, String value) {}

  /**
   * {@code total} records over about {@code seconds} seconds, every {@code poisonEvery}-th of them
   * poison.
   */
  AckedStream(String topic, int total, int poisonEvery, int seconds) {
    this.topic = topic;
    this.total = total;
    this.poisonEvery = poisonEvery;
    this.perTick = Math.max(1, total / (seconds * 10));
    this.allowed = total;
  }

  /**
   * Lets the stream send only its first {@code records} records until a later call allows more:
   * a scenario keeps records coming through a step whose length it cannot know (JVMs starting on
   * a loaded machine) without running out of records before the step is done.
   */
  AckedStream allow(int records) {
    allowed = Math.min(total, records);
    return this;
  }

  /** Starts sending in a background thread. */
  AckedStream start(String bootstrapServers) {
    running = CompletableFuture.runAsync(() -> send(bootstrapServers));
    return this;
  }

  private void send(String bootstrapServers) {
    Random random = new Random(topic.hashCode());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", bootstrapServers,
        "acks", "all",
        "enable.idempotence", true,
        "max.in.flight.requests.per.connection", 5,
        "linger.ms", 5,
        "request.timeout.ms", 10_000,
        // long enough to ride out a leader election after a broker crash
        "delivery.timeout.ms", 120_000),
        new StringSerializer(), new StringSerializer())) {
      for (int id = 0; id < total; id++) {
        while (id >= allowed) {
          Thread.sleep(20);
        }
        String account = "acct-" + (id % ACCOUNTS);
        // one poison record in the middle of each block of poisonEvery, shifted by the block number
        // so that they land on different accounts (and partitions)
        boolean isPoison = poisonEvery > 0 && id % poisonEvery == (poisonEvery / 2 + id / poisonEvery) % poisonEvery;
        BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(99_999), 2);
        String value = isPoison ? poisonValue(id, id / poisonEvery, account) : "{\"id\":" + id + ",\"account\":\"" + account
            + "\",\"amount\":" + amount.toPlainString() + "}";
        producer.send(new ProducerRecord<>(topic, account, value), (metadata, error) -> {
          synchronized (this) {
            if (error != null) {
              failures.add(error);
            } else if (isPoison) {
              poison.add(new PoisonRecord(metadata.partition(), metadata.offset(), value));
            } else {
              expected.add(account, amount);
            }
          }
          if (error == null) {
            acked.incrementAndGet();
          }
        });
        if (id % perTick == perTick - 1) {
          Thread.sleep(100);
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Alternately a record that is no JSON at all and one whose amount is a word. */
  private static String poisonValue(int id, int nth, String account) {
    return nth % 2 == 0 ? "{\"id\":" + id + ",\"account\":\"" + account + "\",\"amount\":"
        : "{\"id\":" + id + ",\"account\":\"" + account + "\",\"amount\":\"lots\"}";
  }

  /** Records acknowledged so far. */
  int acked() {
    return acked.get();
  }

  /** Waits until every record was sent and answered. */
  void awaitSent() {
    running.join();
  }

  synchronized Totals expected() {
    return expected.copy();
  }

  synchronized List<PoisonRecord> poison() {
    return List.copyOf(poison);
  }

  synchronized List<Exception> failures() {
    return List.copyOf(failures);
  }
}
