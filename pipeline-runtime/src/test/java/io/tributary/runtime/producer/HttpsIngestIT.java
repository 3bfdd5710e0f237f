package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.runtime.config.SourceConfig;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.SharedServers;
import io.tributary.runtime.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code producer.source.http.tls}: the ingest port serves HTTPS with the certificate and key of
 * the files (a {@code kubernetes.io/tls} Secret in a pod) against a real Kafka; plain HTTP gets no
 * answer; bad files fail the start naming the field.
 */
class HttpsIngestIT {
  private final EmbeddedKafkaBroker kafka = SharedServers.kafka();
  private final TestCertificates ca = TestCertificates.newCa("tributary-test-ingest-ca");
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private KafkaRecordSender sender;
  private String topic;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    if (sender != null) {
      sender.close(Duration.ofSeconds(5));
    }
  }

  /** An SSL context trusting exactly the CA. */
  static SSLContext trusting(TestCertificates ca) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("ca", ca.ca().certificate());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private SourceConfig.Http.Tls files(TestCertificates.Issued server, String key) {
    return new SourceConfig.Http.Tls(TestCertificates.write(dir, "tls.crt", server.certificatePem()).toString(),
        TestCertificates.write(dir, "tls.key", key).toString());
  }

  private HttpIngestServer start(SourceConfig.Http.Tls tls) throws IOException {
    topic = "https-it-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);
    ProducerMetrics metrics = new ProducerMetrics(new SimpleMeterRegistry(), topic);
    sender = new KafkaRecordSender(topic, Map.of("bootstrap.servers", kafka.bootstrapServers()), metrics,
        Duration.ofSeconds(10));
    HttpIngestServer server = new HttpIngestServer(SourceConfig.Http.defaults().withPort(0).withTls(tls), "id", null,
        sender, metrics, "127.0.0.1", Duration.ofSeconds(10), Clock.systemUTC());
    open.add(server);
    server.start();
    return server;
  }

  @Test
  void aClientTrustingTheCaPostsABatchThatLandsInKafka() throws Exception {
    TestCertificates.Issued cert = ca.server("ingest");
    HttpIngestServer server = start(files(cert, cert.keyPem()));
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + server.port() + "/v1/records")).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"records\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(KafkaTestClient.readAll(kafka.bootstrapServers(), topic, 2)).extracting(ConsumerRecord::key)
        .containsExactly("a", "b");
    // the health path over HTTPS too (the pod's probes use the ops port, not this one)
    assertThat(client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/health"))
        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  @Test
  void plainHttpGetsNoAnswerAndAClientNotTrustingTheCaIsRefused() throws Exception {
    TestCertificates.Issued cert = ca.server("ingest");
    HttpIngestServer server = start(files(cert, cert.keyPem()));

    try (RawHttpClient plain = new RawHttpClient(server.port(), Duration.ofSeconds(20))) {
      plain.send(RawHttpClient.post("/v1/records", "{\"id\": \"plain\"}"));
      assertThat(plain.closedByServer()).as("closed, not left hanging").isTrue();
    }
    HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + server.port() + "/v1/records")).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"x\"}")).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    // neither wrote anything: the only record in the topic is the one a trusting client sends now
    HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(ca)).build();
    assertThat(trusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/v1/records"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"after\"}")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
    assertThat(KafkaTestClient.readAll(kafka.bootstrapServers(), topic, 1)).extracting(ConsumerRecord::key)
        .containsExactly("after");
  }

  @Test
  void aKeyInRsaPkcs1FormWorksToo() throws Exception {
    TestCertificates.Issued cert = ca.server("ingest");
    String pkcs1 = TestCertificates.rsaPkcs1Pem(cert);
    assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    HttpIngestServer server = start(files(cert, pkcs1));
    HttpClient client = HttpClient.newBuilder().sslContext(trusting(ca)).build();
    assertThat(client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/v1/records"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"k\"}")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
  }

  @Test
  void badFilesFailTheStartNamingTheField() throws Exception {
    TestCertificates.Issued cert = ca.server("ingest");
    TestCertificates.Issued other = ca.server("other");

    SourceConfig.Http.Tls garbageKey = files(cert, "not a key");
    assertThatThrownBy(() -> start(garbageKey)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("producer.source.http.tls.keyFile " + garbageKey.keyFile() + ": no PEM private key in it");

    SourceConfig.Http.Tls wrongKey = files(cert, other.keyPem());
    assertThatThrownBy(() -> start(wrongKey)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("producer.source.http.tls.keyFile " + wrongKey.keyFile() + ": the key does not belong to the"
            + " first certificate of producer.source.http.tls.certFile " + wrongKey.certFile());

    SourceConfig.Http.Tls encrypted = files(cert, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> start(encrypted)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("producer.source.http.tls.keyFile").hasMessageContaining("encrypted");

    Path missing = dir.resolve("missing.crt");
    assertThatThrownBy(() -> start(new SourceConfig.Http.Tls(missing.toString(), garbageKey.keyFile())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("producer.source.http.tls.certFile " + missing + ": cannot read it");

    Files.writeString(dir.resolve("tls.crt"), "not a certificate");
    assertThatThrownBy(() -> start(new SourceConfig.Http.Tls(dir.resolve("tls.crt").toString(), garbageKey.keyFile())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("producer.source.http.tls.certFile " + dir.resolve("tls.crt"));
    // the private key is never quoted
    assertThatThrownBy(() -> start(files(cert, cert.keyPem().replace("PRIVATE KEY-----\n", "PRIVATE KEY-----\n!!"))))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(cert.keyPem().substring(40, 80)));
  }
}
