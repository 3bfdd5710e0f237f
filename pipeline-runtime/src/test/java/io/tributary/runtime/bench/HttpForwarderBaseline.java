package io.tributary.runtime.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The HTTP ingest baseline of issue 12, simple on purpose: the JDK {@code HttpServer} on
 * 127.0.0.1 reads the body, splits {@code {"records": [...]}}, sends each record with one {@code
 * KafkaProducer.send} (our producer's delivery and batching settings, the record's {@code
 * payment_id} as key) and answers 202 once every record is acknowledged. No authentication,
 * limits, correlation ids or metrics. Runs in a child JVM: {@code <bootstrap> <topic> <port>}; it
 * prints {@code listening} when it serves and stops with the JVM.
 */
public final class HttpForwarderBaseline {
  private HttpForwarderBaseline() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    int port = Integer.parseInt(args[2]);
    ObjectMapper json = new ObjectMapper();
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
        "acks", "all", "enable.idempotence", "true", "linger.ms", "5", "batch.size", "131072"),
        new ByteArraySerializer(), new ByteArraySerializer());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.createContext("/v1/records", exchange -> {
      try {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        JsonNode records = json.readTree(body).get("records");
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (JsonNode record : records) {
          byte[] key = record.path("payment_id").asText().getBytes(StandardCharsets.UTF_8);
          acks.add(producer.send(new ProducerRecord<>(topic, key, json.writeValueAsBytes(record))));
        }
        for (Future<RecordMetadata> ack : acks) {
          ack.get(10, TimeUnit.SECONDS);
        }
        byte[] answer = ("{\"accepted\":" + records.size() + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(202, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      } catch (Exception e) {
        exchange.sendResponseHeaders(503, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
    System.out.println("listening on " + port);
    Thread.currentThread().join();
  }
}
