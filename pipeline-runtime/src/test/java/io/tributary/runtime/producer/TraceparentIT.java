package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.runtime.config.KafkaClientProperties;
import io.tributary.runtime.config.KafkaConfig;
import io.tributary.runtime.config.ProducerConfig;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SourceConfig;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.RunningRole;
import io.tributary.runtime.testing.SharedServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * W3C trace context end to end on a real broker: the http source puts a request's valid
 * {@code traceparent} on every record of the batch (and ignores an invalid one); a worker logs
 * its trace id as {@code trace.id} and keeps the header on forwarded and dead-letter records.
 */
class TraceparentIT {
  private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private final EmbeddedKafkaBroker kafka = SharedServers.kafka();

  private ProducerRole httpProducer(String topic) {
    RuntimeConfig config = RuntimeConfig.producer("it", "default", "trace-it",
        KafkaConfig.plaintext(kafka.bootstrapServers()),
        new ProducerConfig(topic, null, SourceConfig.of(new SourceConfig.Http(0, null, null, null, null))));
    return new ProducerRole(config, KafkaClientProperties.of(config.kafka(), name -> null), new SimpleMeterRegistry(),
        name -> null, new ProducerRole.Settings(Clock.systemUTC(), "127.0.0.1", Duration.ofSeconds(10),
            Duration.ofSeconds(10)));
  }

  private static int post(int port, String body, String traceparent) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/records"))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void everyRecordOfARequestCarriesItsValidTraceparent() throws Exception {
    String topic = "trace-in-" + UUID.randomUUID();
    kafka.createTopic(topic, 2);
    try (ProducerRole role = httpProducer(topic)) {
      role.start();
      assertThat(post(role.httpPort(), "{\"records\": [{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]}", TRACEPARENT))
          .isEqualTo(202);
      // uppercase hex is not a traceparent: ignored, the request is taken all the same
      assertThat(post(role.httpPort(), "{\"n\": 4}", TRACEPARENT.toUpperCase())).isEqualTo(202);
      assertThat(post(role.httpPort(), "{\"n\": 5}", null)).isEqualTo(202);
    }
    List<ConsumerRecord<String, String>> records = KafkaTestClient.readAll(kafka.bootstrapServers(), topic, 5);
    assertThat(records).hasSize(5);
    for (ConsumerRecord<String, String> record : records) {
      String n = record.value().replaceAll("\\D", "");
      assertThat(KafkaTestClient.header(record, "traceparent")).as("record " + n)
          .isEqualTo(Integer.parseInt(n) <= 3 ? TRACEPARENT : null);
    }
  }

  @Test
  void aWorkerLogsTheTraceIdAndKeepsTheHeaderOnForwardsAndDeadLetters() throws Exception {
    String p = "trace" + UUID.randomUUID().toString().substring(0, 8);
    String in = p + "-in";
    String out = p + "-out";
    kafka.createTopic(in, 1);
    kafka.createTopic(out, 1);
    kafka.createTopic(p + ".dlq", 1);
    try (ProducerRole role = httpProducer(in)) {
      role.start();
      // the second record has no field k: its cacheLatest key cannot be made, it goes to the dead letters
      assertThat(post(role.httpPort(), "{\"records\": [{\"k\": \"a\"}, {\"other\": 1}]}", TRACEPARENT)).isEqualTo(202);
    }
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    String json = """
        {"pipeline": "test", "component": "%s", "role": "worker",
         "kafka": {"bootstrapServers": "%s"}, "redis": {"url": "%s"}, "deadLetterTopic": "%s.dlq",
         "worker": {"input": {"topic": {"name": "%s"}},
                    "processors": [{"log": {}}, {"cacheLatest": {"key": "%s:{k}", "ttl": "1m"}}, {"forward": {"topic": "%s"}}],
                    "errorPolicy": {"maxAttempts": 1}}}
        """.formatted(p, kafka.bootstrapServers(), SharedServers.redis().url(), p, in, p, out);
    root.addAppender(logs);
    try (RunningRole worker = RunningRole.start(json, Map.of())) {
      List<ConsumerRecord<String, String>> forwarded = KafkaTestClient.readAll(kafka.bootstrapServers(), out, 1);
      assertThat(forwarded).singleElement()
          .satisfies(r -> assertThat(KafkaTestClient.header(r, "traceparent")).isEqualTo(TRACEPARENT));
      List<ConsumerRecord<String, String>> dead = KafkaTestClient.readAll(kafka.bootstrapServers(), p + ".dlq", 1);
      assertThat(dead).singleElement()
          .satisfies(r -> assertThat(KafkaTestClient.header(r, "traceparent")).isEqualTo(TRACEPARENT));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(List.copyOf(logs.list))
          .filteredOn(e -> "io.tributary.records".equals(e.getLoggerName()))
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("trace.id", "0af7651916cd43dd8448eb211c80319c")));
    } finally {
      root.detachAppender(logs);
    }
  }
}
