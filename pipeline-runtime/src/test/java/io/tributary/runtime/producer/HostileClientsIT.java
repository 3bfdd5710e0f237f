package io.tributary.runtime.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.runtime.config.HttpLimits;
import io.tributary.runtime.config.SourceConfig;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.KafkaTestClient;
import io.tributary.runtime.testing.SharedServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The http source under hostile clients, on raw sockets, with the real server wired to a real
 * Kafka (issue #11 §3, issue #14 §3). What a user checks: well-behaved clients keep being served
 * while hostile ones are connected; a hostile request is answered 4xx/429 and its connection
 * closed within the configured timeouts instead of hanging; a batch is written whole or not at all
 * (counted in the topic).
 */
class HostileClientsIT {
  /** Short timeouts, so that a test waits seconds, not the production defaults. */
  private static final HttpLimits LIMITS = new HttpLimits("2s", "2s", "3s", 40, 8, 4096);
  /** Generous: what "answers instead of hanging" means here, far above the timeouts above. */
  private static final Duration PROMPTLY = Duration.ofSeconds(20);
  private static final String GOOD_BATCH = "{\"records\": [{\"id\": \"g1\"}, {\"id\": \"g2\"}, {\"id\": \"g3\"}]}";

  private final EmbeddedKafkaBroker kafka = SharedServers.kafka();
  private final HttpClient client = httpClient().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService tricklers = Executors.newScheduledThreadPool(2);
  private final List<RawHttpClient> sockets = new ArrayList<>();
  private String topic;
  private KafkaRecordSender sender;
  private HttpIngestServer server;

  private void start(HttpLimits limits, int maxBodyBytes) throws Exception {
    topic = "hostile-it-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);
    ProducerMetrics metrics = new ProducerMetrics(new SimpleMeterRegistry(), topic);
    sender = new KafkaRecordSender(topic, Map.of("bootstrap.servers", kafka.bootstrapServers()), metrics,
        Duration.ofSeconds(10));
    server = new HttpIngestServer(new SourceConfig.Http(0, "/v1/records", 10, maxBodyBytes, null, limits(limits))
        .withTls(tls()), "id",
        null, sender, metrics, "127.0.0.1", Duration.ofSeconds(10), Clock.systemUTC());
    server.start();
  }

  @AfterEach
  void stop() {
    tricklers.shutdownNow();
    sockets.forEach(RawHttpClient::close);
    if (server != null) {
      server.close();
    }
    if (sender != null) {
      sender.close(Duration.ofSeconds(5));
    }
  }

  /** The server's TLS files; none here ({@link HostileClientsOverTlsIT} runs the same clients over HTTPS). */
  SourceConfig.Http.Tls tls() {
    return null;
  }

  /** The limits a test asks for, as the server gets them. */
  HttpLimits limits(HttpLimits asked) {
    return asked;
  }

  /** The well-behaved clients' HTTP client. */
  HttpClient.Builder httpClient() {
    return HttpClient.newBuilder();
  }

  /** The raw clients' sockets. */
  javax.net.SocketFactory sockets() {
    return javax.net.SocketFactory.getDefault();
  }

  private RawHttpClient connect() {
    RawHttpClient socket = new RawHttpClient(server.port(), Duration.ofSeconds(30), sockets());
    sockets.add(socket);
    return socket;
  }

  /** A well-behaved client's POST, with a timeout well above what serving it takes. */
  private HttpResponse<String> goodPost(String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create((tls() == null ? "http" : "https") + "://127.0.0.1:" + server.port() + "/v1/records"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code text} one byte a second until the server closes the connection. */
  private void trickle(RawHttpClient socket, String text) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int[] next = {0};
    tricklers.scheduleAtFixedRate(() -> {
      if (!socket.send(new byte[] {bytes[next[0]++ % bytes.length]})) {
        throw new IllegalStateException("closed by the server"); // ends this schedule
      }
    }, 0, 1, TimeUnit.SECONDS);
  }

  private List<ConsumerRecord<String, String>> recordsInTopic(int expected) {
    return KafkaTestClient.readAll(kafka.bootstrapServers(), topic, expected);
  }

  private static void assertAnsweredAndClosed(RawHttpClient socket, int status) {
    RawHttpClient.Response response = socket.readResponse();
    assertThat(response.status()).as(response.head()).isEqualTo(status);
    assertThat(socket.closedByServer()).as("the server closes the connection").isTrue();
  }

  @Test
  void slowHeadersAndSlowBodiesDoNotKeepGoodClientsWaiting() throws Exception {
    start(LIMITS, 10_000);
    // more slow clients than the JDK server had handler threads (16)
    List<RawHttpClient> slowHeaders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RawHttpClient slowloris = connect();
      slowloris.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      trickle(slowloris, "abcdefghijklmnopqrstuvwxyz");
      slowHeaders.add(slowloris);
    }
    List<RawHttpClient> slowBodies = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RawHttpClient slowBody = connect();
      String body = "{\"records\": [{\"id\": \"slow-" + i + "\"}, {\"id\": \"slow-" + i + "b\"}]}";
      slowBody.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 10));
      trickle(slowBody, body.substring(10));
      slowBodies.add(slowBody);
    }

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> good = goodPost(GOOD_BATCH);
      assertThat(good.statusCode()).isEqualTo(202);
      assertThat(good.body()).isEqualTo("{\"accepted\":3}");
    }

    slowHeaders.forEach(slowloris -> assertAnsweredAndClosed(slowloris, 408));
    slowBodies.forEach(slowBody -> assertAnsweredAndClosed(slowBody, 408));
    assertThat(recordsInTopic(9)).as("the good batches only, nothing of a slow body")
        .extracting(ConsumerRecord::key).containsExactly("g1", "g2", "g3", "g1", "g2", "g3", "g1", "g2", "g3");
  }

  @Test
  void anIdleConnectionIsClosedAndAKeptAliveOneServesTheNextRequest() throws Exception {
    start(LIMITS, 10_000);
    RawHttpClient silent = connect();
    RawHttpClient keptAlive = connect();
    keptAlive.send(RawHttpClient.post("/v1/records", "{\"id\": \"k1\"}"));
    assertThat(keptAlive.readResponse().status()).isEqualTo(202);
    keptAlive.send(RawHttpClient.post("/v1/records", "{\"id\": \"k2\"}"));
    assertThat(keptAlive.readResponse().status()).as("the same connection serves a second request").isEqualTo(202);

    assertAnsweredAndClosed(silent, 408);
    assertThat(keptAlive.closedByServer()).as("closed after the idle timeout").isTrue();
    assertThat(recordsInTopic(2)).extracting(ConsumerRecord::key).containsExactly("k1", "k2");
  }

  @Test
  void oversizedBodiesAre413BeforeTheyAreReadAndNothingIsSent() throws Exception {
    start(LIMITS, 1000);
    RawHttpClient declared = connect();
    declared.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n{\"records\": [");
    RawHttpClient.Response tooLarge = declared.readResponse();
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("the body is larger than 1000 bytes (maxBodyBytes)");
    assertThat(declared.closedByServer()).isTrue();

    RawHttpClient chunked = connect();
    chunked.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    StringBuilder records = new StringBuilder("{\"records\": [{\"id\": \"c0\"}");
    for (int i = 1; records.length() < 1500; i++) {
      records.append(", {\"id\": \"c").append(i).append("\"}");
    }
    String text = records.toString();
    for (int i = 0; i < text.length(); i += 300) {
      String chunk = text.substring(i, Math.min(text.length(), i + 300));
      chunked.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
    }
    assertAnsweredAndClosed(chunked, 413);

    // a body just inside the limit, chunked, is fine
    RawHttpClient small = connect();
    small.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "d\r\n{\"id\": \"ok1\"}\r\n0\r\n\r\n");
    assertThat(small.readResponse().status()).isEqualTo(202);
    assertThat(goodPost(GOOD_BATCH).statusCode()).isEqualTo(202);
    assertThat(recordsInTopic(4)).extracting(ConsumerRecord::key).containsExactly("ok1", "g1", "g2", "g3");
  }

  @Test
  void moreConnectionsThanTheBoundAre429UntilTheHostileOnesAreClosed() throws Exception {
    start(LIMITS, 10_000);
    List<RawHttpClient> idle = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      idle.add(connect());
    }
    await().atMost(PROMPTLY).untilAsserted(() -> {
      HttpResponse<String> saturated = goodPost(GOOD_BATCH);
      assertThat(saturated.statusCode()).isEqualTo(429);
      assertThat(saturated.headers().firstValue("Retry-After")).contains("1");
    });
    // nothing to do for the client: the server closes the connections that send nothing
    idle.forEach(connection -> assertAnsweredAndClosed(connection, 408));
    assertThat(goodPost(GOOD_BATCH).statusCode()).isEqualTo(202);
    assertThat(recordsInTopic(3)).extracting(ConsumerRecord::key).containsExactly("g1", "g2", "g3");
  }

  @Test
  void morePendingRequestsThanTheBoundAre429BeforeTheirBodyIsRead() throws Exception {
    start(LIMITS, 10_000);
    List<RawHttpClient> slowBodies = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      RawHttpClient slowBody = connect();
      slowBody.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"id\"");
      slowBodies.add(slowBody);
    }
    await().atMost(PROMPTLY).untilAsserted(() -> {
      HttpResponse<String> saturated = goodPost(GOOD_BATCH);
      assertThat(saturated.statusCode()).isEqualTo(429);
      assertThat(saturated.headers().firstValue("Retry-After")).contains("1");
    });
    slowBodies.forEach(slowBody -> assertAnsweredAndClosed(slowBody, 408));
    assertThat(goodPost(GOOD_BATCH).statusCode()).isEqualTo(202);
    assertThat(recordsInTopic(3)).extracting(ConsumerRecord::key).containsExactly("g1", "g2", "g3");
  }

  @Test
  void garbageAndOversizedHeadersAreRefusedAndClosed() throws Exception {
    start(LIMITS, 10_000);
    byte[] noise = new byte[2000];
    new Random(11).nextBytes(noise);
    RawHttpClient garbage = connect();
    garbage.send(noise);
    garbage.send("\r\n\r\n");
    assertAnsweredAndClosed(garbage, 400);

    RawHttpClient notHttp = connect();
    notHttp.send("HELLO THERE\r\n\r\n");
    assertAnsweredAndClosed(notHttp, 400);

    RawHttpClient bigHeader = connect();
    bigHeader.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "h".repeat(8000) + "\r\n\r\n");
    assertAnsweredAndClosed(bigHeader, 431);

    RawHttpClient manyHeaders = connect();
    StringBuilder many = new StringBuilder("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (int i = 0; i < 500; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    manyHeaders.send(many + "\r\n");
    assertAnsweredAndClosed(manyHeaders, 431);

    RawHttpClient longLine = connect();
    longLine.send("POST /v1/records?" + "q".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertAnsweredAndClosed(longLine, 414);

    RawHttpClient noLength = connect();
    noLength.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\r\n{\"id\": \"x\"}");
    assertAnsweredAndClosed(noLength, 411);

    RawHttpClient badLength = connect();
    badLength.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n");
    assertAnsweredAndClosed(badLength, 400);

    assertThat(goodPost(GOOD_BATCH).statusCode()).isEqualTo(202);
    assertThat(recordsInTopic(3)).extracting(ConsumerRecord::key).containsExactly("g1", "g2", "g3");
  }

  @Test
  void wrongMethodsAndContentTypesAreRefusedNamingWhatIsAccepted() throws Exception {
    start(LIMITS, 10_000);
    for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS")) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create((tls() == null ? "http" : "https") + "://127.0.0.1:" + server.port() + "/v1/records")).timeout(Duration.ofSeconds(10))
          .method(method, HttpRequest.BodyPublishers.ofString("{\"id\": \"m\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(method).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).as(method).contains("POST");
    }
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/jsonx",
        "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1")) {
      HttpResponse<String> response = goodPost("{\"id\": \"t\"}", "Content-Type", type);
      assertThat(response.statusCode()).as(type).isEqualTo(415);
      assertThat(response.headers().firstValue("Accept")).as(type).contains("application/json");
      assertThat(response.body()).as(type).contains("application/json");
    }
    RawHttpClient twoTypes = connect();
    twoTypes.send(RawHttpClient.post("/v1/records", "{\"id\": \"two\"}", "Content-Type: application/json",
        "Content-Type: text/plain"));
    assertThat(twoTypes.readResponse().status()).as("a second, non-JSON Content-Type").isEqualTo(415);
    RawHttpClient raw = connect();
    raw.send("BREW /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
    RawHttpClient.Response brew = raw.readResponse();
    assertThat(brew.status()).isEqualTo(405);
    assertThat(brew.header("Allow")).isEqualTo("POST");

    // JSON, with or without a charset, and clients that send no Content-Type, are served
    assertThat(goodPost("{\"id\": \"a\"}", "Content-Type", "application/json; charset=utf-8").statusCode()).isEqualTo(202);
    assertThat(goodPost("{\"id\": \"b\"}", "Content-Type", "Application/JSON;Charset=\"UTF-8\"").statusCode()).isEqualTo(202);
    assertThat(goodPost("{\"id\": \"c\"}", "Content-Type", "application/vnd.api+json").statusCode()).isEqualTo(202);
    RawHttpClient untyped = connect();
    untyped.send(RawHttpClient.post("/v1/records", "{\"id\": \"d\"}"));
    assertThat(untyped.readResponse().status()).isEqualTo(202);
    assertThat(recordsInTopic(4)).extracting(ConsumerRecord::key).containsExactly("a", "b", "c", "d");
  }

  @Test
  void invalidOrAmbiguousCorrelationIdsAreReplacedAndTheTopicCarriesTheEchoedOne() throws Exception {
    start(LIMITS, 10_000);
    List<String> echoed = new ArrayList<>();
    for (String hostile : List.of("X-Correlation-ID: a\r\nX-Correlation-ID: b",
        "X-Correlation-ID: " + "x".repeat(300),
        "X-Correlation-ID: \"quoted\" and spaced",
        "X-Correlation-ID: caf\u00e9",
        "X-Correlation-ID: ")) {
      RawHttpClient raw = connect();
      raw.send(RawHttpClient.post("/v1/records", "{\"id\": \"h" + echoed.size() + "\"}", hostile));
      RawHttpClient.Response response = raw.readResponse();
      assertThat(response.status()).as(hostile).isEqualTo(202);
      assertThat(response.header("X-Correlation-ID")).as(hostile).matches("[0-9a-f-]{36}");
      echoed.add(response.header("X-Correlation-ID"));
    }
    // the same id twice: it names the requests, it does not deduplicate them
    assertThat(goodPost("{\"id\": \"d1\"}", "X-Correlation-ID", "dup-1").statusCode()).isEqualTo(202);
    assertThat(goodPost("{\"id\": \"d2\"}", "X-Correlation-ID", "dup-1").statusCode()).isEqualTo(202);

    List<ConsumerRecord<String, String>> records = recordsInTopic(7);
    assertThat(records).extracting(ConsumerRecord::key).containsExactly("h0", "h1", "h2", "h3", "h4", "d1", "d2");
    List<String> ids = records.stream().map(r -> KafkaTestClient.header(r, "correlation-id")).collect(Collectors.toList());
    assertThat(ids.subList(0, 5)).isEqualTo(echoed).doesNotHaveDuplicates();
    assertThat(ids.subList(5, 7)).containsOnly("dup-1");
  }

  @Test
  void aBatchIsWrittenWholeOrNotAtAll() throws Exception {
    start(LIMITS, 10_000);
    // a bad last record, the body sent in pieces: nothing of the batch
    RawHttpClient pieces = connect();
    String bad = "{\"records\": [{\"id\": \"b1\"}, {\"id\": \"b2\"}, {\"id\": \"b3\"}, {\"no\": \"id\"}]}";
    pieces.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + bad.length() + "\r\n\r\n");
    for (int i = 0; i < bad.length(); i += 20) {
      pieces.send(bad.substring(i, Math.min(bad.length(), i + 20)));
      Thread.sleep(50);
    }
    RawHttpClient.Response refused = pieces.readResponse();
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("record 3 has no key field \\\"id\\\"");

    // the client goes away in the middle of the body: nothing of the batch
    RawHttpClient quitter = connect();
    String batch = "{\"records\": [{\"id\": \"q1\"}, {\"id\": \"q2\"}]}";
    quitter.send("POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + batch.length() + "\r\n\r\n"
        + batch.substring(0, batch.length() - 3));
    quitter.close();

    // more records than maxBatch: nothing of the batch
    StringBuilder eleven = new StringBuilder("{\"records\": [{\"id\": \"m0\"}");
    for (int i = 1; i < 11; i++) {
      eleven.append(", {\"id\": \"m").append(i).append("\"}");
    }
    assertThat(goodPost(eleven.append("]}").toString()).statusCode()).isEqualTo(413);

    assertThat(goodPost(GOOD_BATCH).statusCode()).isEqualTo(202);
    assertThat(recordsInTopic(3)).as("only the good batch, whole")
        .extracting(ConsumerRecord::key).containsExactly("g1", "g2", "g3");
  }
}
