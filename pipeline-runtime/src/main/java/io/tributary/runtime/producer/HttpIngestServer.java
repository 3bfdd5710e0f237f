package io.tributary.runtime.producer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.runtime.config.SourceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The {@code http} source: {@code POST <path>} with one JSON record or {@code {"records": [...]}}.
 *
 * <ul>
 *   <li>202 {@code {"accepted": n}} once Kafka acknowledged every record of the request;
 *   <li>400 for a body that is no JSON object (or not UTF-8) or a bad record
 *       ({@code {"error", "index"}});
 *   <li>401 without {@code Authorization: Bearer <token>} when a token is configured;
 *   <li>413 over {@code maxBodyBytes} or {@code maxBatch}, and for a record Kafka can never take
 *       ({@code {"error", "index"}}): larger than the producer's {@code max.request.size} (found
 *       before anything is sent) or refused by the broker as too large (other records of the
 *       request may have been written);
 *   <li>503 with {@code Retry-After} when Kafka does not acknowledge within the ack timeout (some
 *       records may have been written: delivery is at-least-once, clients retry);
 *   <li>404 for other paths, 405 for other methods.
 * </ul>
 * Each record goes to Kafka as the bytes the client sent for it (see {@link IngestBatch}). The
 * {@code X-Correlation-ID} request header (or a new UUID) is the Kafka header
 * {@code correlation-id} of every record and is echoed in the response.
 */
public final class HttpIngestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpIngestServer.class);
  static final String CORRELATION_HEADER = "X-Correlation-ID";
  private static final Pattern SAFE_CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
  private static final int HANDLER_THREADS = 16;
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final SourceConfig.Http config;
  private final String keyField;
  private final byte[] expectedToken;
  private final RecordSink sink;
  private final ProducerMetrics metrics;
  private final Duration ackTimeout;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopping;

  /**
   * Binds at once; call {@link #start()} to serve.
   *
   * @param bindAddress {@code 0.0.0.0} in a pod, {@code 127.0.0.1} in tests
   * @param token the bearer token requests must carry, or null for none
   * @param ackTimeout how long a request waits for Kafka before answering 503
   * @throws IOException when the port cannot be bound
   */
  public HttpIngestServer(SourceConfig.Http config, String keyField, String token, RecordSink sink,
      ProducerMetrics metrics, String bindAddress, Duration ackTimeout, Clock clock)
      throws IOException {
    this.config = config;
    this.keyField = keyField;
    this.expectedToken = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.sink = sink;
    this.metrics = metrics;
    this.ackTimeout = ackTimeout;
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(bindAddress, config.port()), 64);
    AtomicInteger threadNumber = new AtomicInteger();
    this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
      Thread thread = new Thread(runnable, "http-ingest-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
  }

  public void start() {
    server.start();
    LOG.info("http source listening on port {} path {}", port(), config.path());
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String correlationId = correlationIdOf(exchange);
    exchange.getResponseHeaders().set(CORRELATION_HEADER, correlationId);
    MDC.put("correlation_id", correlationId);
    inFlight.incrementAndGet();
    try {
      if (stopping) {
        throw new IngestRejection(503, "the server is stopping; retry the request");
      }
      int accepted = ingest(exchange, correlationId);
      LOG.debug("accepted {} records", accepted);
      respond(exchange, 202, JsonNodeFactory.instance.objectNode().put("accepted", accepted));
    } catch (IngestRejection rejection) {
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("error", rejection.getMessage());
      if (rejection.recordIndex() != null) {
        body.put("index", rejection.recordIndex());
      }
      if (rejection.status() >= 500) {
        LOG.warn("ingest request failed: {}", rejection.getMessage());
      }
      respond(exchange, rejection.status(), body);
    } catch (RuntimeException e) {
      LOG.error("ingest request failed", e);
      respond(exchange, 500, JsonNodeFactory.instance.objectNode().put("error", e.toString()));
    } finally {
      MDC.remove("correlation_id");
      exchange.close();
      inFlight.decrementAndGet();
    }
  }

  private int ingest(HttpExchange exchange, String correlationId) throws IngestRejection, IOException {
    if (!exchange.getRequestURI().getPath().equals(config.path())) {
      throw new IngestRejection(404, "no such path; POST records to " + config.path());
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      throw new IngestRejection(405, "use POST");
    }
    if (expectedToken != null && !authorized(exchange)) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      throw new IngestRejection(401, "missing or wrong bearer token (Authorization: Bearer <token>)");
    }
    byte[] body = readBody(exchange);
    IngestBatch batch = IngestBatch.parse(body, config.maxBatch(), keyField);
    refuseTooLarge(batch);
    long timestamp = clock.millis();
    List<CompletableFuture<Void>> acks = new ArrayList<>(batch.records().size());
    for (IngestBatch.Record record : batch.records()) {
      acks.add(sink.send(new OutgoingRecord(record.key(), record.json(), correlationId, timestamp)));
    }
    awaitAcks(acks);
    return acks.size();
  }

  /**
   * Refuses, before anything of the request is sent, a record whose key and value bytes alone
   * exceed what the sink can ever take. Kafka adds its framing to those bytes, so this finds the
   * clear cases only; a record a little below the limit that is still too large is refused by
   * Kafka, and {@link #awaitAcks} answers 413 for it too.
   */
  private void refuseTooLarge(IngestBatch batch) throws IngestRejection {
    long limit = sink.maxRecordBytes();
    for (int i = 0; i < batch.records().size(); i++) {
      IngestBatch.Record record = batch.records().get(i);
      long bytes = record.bytes() + (record.key() == null ? 0 : record.key().getBytes(StandardCharsets.UTF_8).length);
      if (bytes > limit) {
        throw new IngestRejection(413, "record " + i + " and its key are " + bytes + " bytes; Kafka takes at most "
            + limit + " (the producer's max.request.size), so it can never be sent: shrink or split it", i);
      }
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expectedToken);
  }

  private byte[] readBody(HttpExchange exchange) throws IngestRejection, IOException {
    int limit = config.maxBodyBytes();
    // one byte more than the limit tells "too large" from "exactly the limit"; in a long, since
    // limit + 1 overflows an int for a limit of Integer.MAX_VALUE (no Java array is larger anyway)
    int readAtMost = (int) Math.min(Integer.MAX_VALUE, limit + 1L);
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > limit) {
          throw tooLarge(limit);
        }
      } catch (NumberFormatException e) {
        throw new IngestRejection(400, "Content-Length \"" + length + "\" is not a number");
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(readAtMost);
      if (body.length > limit) {
        throw tooLarge(limit);
      }
      return body;
    }
  }

  private static IngestRejection tooLarge(int limit) {
    return new IngestRejection(413, "the body is larger than " + limit + " bytes (maxBodyBytes)");
  }

  private void awaitAcks(List<CompletableFuture<Void>> acks) throws IngestRejection {
    CompletableFuture<Void> all = CompletableFuture.allOf(acks.toArray(new CompletableFuture[0]));
    try {
      all.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      refuseNeverSendable(acks);
      long pending = acks.stream().filter(ack -> !ack.isDone()).count();
      throw new IngestRejection(503, "Kafka did not acknowledge " + pending + " of " + acks.size()
          + " records within " + ackTimeout.toMillis() + " ms; retry the request");
    } catch (ExecutionException e) {
      refuseNeverSendable(acks);
      throw new IngestRejection(503, "Kafka did not accept the records (" + e.getCause()
          + "); retry the request");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IngestRejection(503, "the server is stopping; retry the request");
    }
  }

  /**
   * 413, not 503, when Kafka refused a record as too large: it would refuse it again however
   * often the client retried.
   */
  private static void refuseNeverSendable(List<CompletableFuture<Void>> acks) throws IngestRejection {
    for (int i = 0; i < acks.size(); i++) {
      CompletableFuture<Void> ack = acks.get(i);
      if (!ack.isCompletedExceptionally()) {
        continue;
      }
      Throwable cause = ack.handle((ok, error) -> error).join();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof RecordTooLargeException) {
        throw new IngestRejection(413, "record " + i + " is larger than Kafka takes (" + cause.getMessage()
            + "), so it can never be sent: shrink or split it (records before it may have been written)", i);
      }
    }
  }

  private void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    metrics.httpRequest(status);
    if (status == 503) {
      exchange.getResponseHeaders().set("Retry-After", "1");
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String correlationIdOf(HttpExchange exchange) {
    String given = exchange.getRequestHeaders().getFirst(CORRELATION_HEADER);
    if (given != null && SAFE_CORRELATION_ID.matcher(given.trim()).matches()) {
      return given.trim();
    }
    return UUID.randomUUID().toString();
  }

  /**
   * Refuses new requests with 503, lets requests in progress finish (up to a few seconds), then
   * closes the port and the handler threads. The caller flushes and closes the sink afterwards.
   */
  @Override
  public void close() {
    stopping = true;
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // stop(0): JDK 17's HttpServer would otherwise wait the whole delay even when idle
    server.stop(0);
    handlers.shutdownNow();
  }
}
