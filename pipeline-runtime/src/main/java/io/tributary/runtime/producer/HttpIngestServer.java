package io.tributary.runtime.producer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tributary.runtime.config.HttpLimits;
import io.tributary.runtime.config.SourceConfig;
import io.tributary.runtime.ops.JsonLineLayout;
import io.tributary.runtime.ops.TraceContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The {@code http} source: {@code POST <path>} with {@code {"<recordsField>": [...]}} (or one
 * record), {@code POST <singlePath>} with one record (see {@link IngestBatch} for the body shapes),
 * {@code GET <healthPath>} (200 {@code {"status":"ok"}} while Kafka takes records, else 503) and
 * {@code GET <statsPath>} (the counts of {@link ProducerMetrics#httpStats()}; behind the token
 * when one is configured).
 *
 * <ul>
 *   <li>202 {@code {"accepted": n}} once Kafka acknowledged every record of the request;
 *   <li>400 for a body that is no JSON object (or not UTF-8), a batch body with a top-level field
 *       it does not have (named), a bad record ({@code {"error", "index"}}), and for bytes that are
 *       no HTTP/1.1 request;
 *   <li>401 without {@code Authorization: Bearer <token>} when a token is configured;
 *   <li>404 for other paths, 405 (with {@code Allow: POST}, or {@code GET} on the health and
 *       stats paths) for other methods, 411 for a body
 *       with neither {@code Content-Length} nor chunked encoding, 415 (with
 *       {@code Accept: application/json}) for a {@code Content-Type} that is not JSON in UTF-8
 *       ({@link JsonContentType});
 *   <li>408 when the headers or the body do not arrive within {@code headerTimeout} /
 *       {@code bodyTimeout} ({@link HttpLimits});
 *   <li>413 over {@code maxBodyBytes} (a declared length before the body is read, a chunked body as
 *       soon as it is too long) or {@code maxBatch}, and for a record Kafka can never take
 *       ({@code {"error", "index"}}): larger than the producer's {@code max.request.size} (found
 *       before anything is sent) or refused by the broker as too large (other records of the
 *       request may have been written);
 *   <li>414 / 431 for a request line / headers over the limits;
 *   <li>429 with {@code Retry-After} when {@code maxConnections} connections are open or
 *       {@code maxPendingRequests} requests are pending;
 *   <li>503 with {@code Retry-After} when Kafka does not acknowledge within the ack timeout (some
 *       records may have been written: delivery is at-least-once, clients retry), or while stopping.
 * </ul>
 * Each record goes to Kafka as the bytes the client sent for it (see {@link IngestBatch}); a
 * request whose body is refused or not received whole sends nothing. The {@code X-Correlation-ID}
 * request header (or a new UUID, {@link CorrelationIds}) is the Kafka header {@code correlation-id}
 * of every record and is echoed in the answer. A valid W3C {@code traceparent} request header
 * ({@link TraceContext}) is the Kafka header {@code traceparent} of every record (an invalid one
 * is ignored) and the log field {@code trace.id} of the request's log lines.
 *
 * <p>Transport: Netty's HTTP/1.1 codec on two event-loop threads, so that a slow or silent
 * client holds no thread, only a connection ({@link IngestConnection}, which enforces the
 * timeouts); parsing and the wait for Kafka run on {@value #HANDLER_THREADS} handler threads.
 */
public final class HttpIngestServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpIngestServer.class);
  static final String CORRELATION_HEADER = "X-Correlation-ID";
  private static final int HANDLER_THREADS = 16;
  private static final int IO_THREADS = 2;
  /** Longest piece of a body the decoder hands on at once. */
  private static final int MAX_CHUNK_BYTES = 64 * 1024;
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final SourceConfig.Http config;
  private final HttpLimits limits;
  private final String keyField;
  private final byte[] expectedToken;
  private final RecordSink sink;
  private final ProducerMetrics metrics;
  private final Duration ackTimeout;
  private final Clock clock;
  private final EventLoopGroup loops;
  private final ExecutorService handlers;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger connections = new AtomicInteger();
  private final Semaphore pendingPlaces;
  private final Channel listener;
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
    this.limits = config.limitsOrDefaults();
    this.keyField = keyField;
    this.expectedToken = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.sink = sink;
    this.metrics = metrics;
    this.ackTimeout = ackTimeout;
    this.clock = clock;
    this.pendingPlaces = new Semaphore(limits.maxPendingRequests());
    AtomicInteger threadNumber = new AtomicInteger();
    this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
      Thread thread = new Thread(runnable, "http-ingest-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    // before any thread or port: a bad certificate or key fails the start naming the field
    SslContext tls = config.tls() == null ? null : IngestTls.serverContext(config.tls());
    this.loops = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("http-ingest-io", true));
    ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 128)
        .childOption(ChannelOption.AUTO_READ, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channels.add(channel);
            IngestConnection connection = new IngestConnection(HttpIngestServer.this, limits);
            if (tls != null) {
              // first: the limits and timeouts below see the decrypted bytes; the header timeout,
              // armed when the TCP connection opens, also bounds a client that never completes
              // the handshake. A plain-HTTP client's bytes fail the handshake and close the channel.
              channel.pipeline().addLast(tls.newHandler(channel.alloc()));
            }
            channel.pipeline().addLast(connection.byteWatcher(),
                new HttpServerCodec(HttpLimits.MAX_REQUEST_LINE_BYTES, limits.maxHeaderBytes(), MAX_CHUNK_BYTES),
                connection);
          }
        });
    try {
      this.listener = bootstrap.bind(new InetSocketAddress(bindAddress, config.port())).sync().channel();
    } catch (Exception e) {
      loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      handlers.shutdownNow();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof IOException ? (IOException) e : new IOException("cannot bind " + bindAddress + ":" + config.port(), e);
    }
    listener.config().setAutoRead(false); // accepts nothing before start()
  }

  public void start() {
    listener.config().setAutoRead(true);
    LOG.info("http source listening on port {} ({}): records at {}{}, health at {}, stats at {}", port(),
        config.tls() == null ? "HTTP" : "HTTPS", config.path(),
        config.singlePath() == null ? "" : ", single records at " + config.singlePath(), config.healthPath(),
        config.statsPath());
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Counts a new connection; false when it is one more than {@code maxConnections}. */
  boolean openConnection() {
    return connections.incrementAndGet() <= limits.maxConnections();
  }

  void closeConnection() {
    connections.decrementAndGet();
  }

  /** Takes one of the {@code maxPendingRequests} places; false when none is free. */
  boolean reservePlace() {
    return pendingPlaces.tryAcquire();
  }

  void releasePlace() {
    pendingPlaces.release();
  }

  int maxBodyBytes() {
    return config.maxBodyBytes();
  }

  /** Whether connections are TLS (then closed with close_notify rather than half-closed). */
  boolean tls() {
    return false;
  }

  /** Counts an ingest answer (not a health or stats one) as it is written. */
  void answered(IngestAnswer answer) {
    if (!answer.ingest()) {
      return;
    }
    metrics.httpRequest(answer.status());
    if (answer.status() == 202) {
      metrics.httpRecordsAccepted(answer.body().get("accepted").asInt());
    }
  }

  /**
   * What to do with a request as its headers show it, before its body is read: answer at once
   * ({@link Head#answer}: a refusal, or the health or stats answer), or read the body and parse it
   * as {@link Head#shape}.
   *
   * @param answer the answer to give now, null to read the body
   * @param shape how to read the body when there is one to read
   */
  record Head(IngestAnswer answer, IngestBatch.Shape shape) {
    static Head answer(IngestAnswer answer) {
      return new Head(answer, null);
    }
  }

  Head head(HttpRequest request) {
    if (stopping) {
      return Head.answer(IngestAnswer.refused(503, "the server is stopping; retry the request"));
    }
    String path = new QueryStringDecoder(request.uri()).path();
    if (path.equals(config.healthPath()) || path.equals(config.statsPath())) {
      return Head.answer(info(request, path.equals(config.healthPath())).asInfo());
    }
    IngestBatch.Shape shape;
    if (path.equals(config.path())) {
      shape = IngestBatch.Shape.batch(config);
    } else if (path.equals(config.singlePath())) {
      shape = IngestBatch.Shape.single();
    } else {
      return Head.answer(IngestAnswer.refused(404, "no such path; POST records to " + config.path()
          + (config.singlePath() == null ? "" : " (one record to " + config.singlePath() + ")")));
    }
    if (!request.method().equals(HttpMethod.POST)) {
      return Head.answer(IngestAnswer.refused(new IngestRejection(405, "use POST"), Map.of("Allow", "POST")));
    }
    IngestAnswer unauthorized = unauthorized(request);
    if (unauthorized != null) {
      return Head.answer(unauthorized);
    }
    for (String type : request.headers().getAll(HttpHeaderNames.CONTENT_TYPE)) {
      String typeProblem = JsonContentType.problem(type); // every one: a second type must not slip through
      if (typeProblem != null) {
        return Head.answer(IngestAnswer.refused(new IngestRejection(415, typeProblem),
            Map.of("Accept", JsonContentType.ACCEPTED)));
      }
    }
    if (!HttpUtil.isContentLengthSet(request) && !HttpUtil.isTransferEncodingChunked(request)) {
      return Head.answer(IngestAnswer.refused(411, "send the body with a Content-Length or chunked"));
    }
    if (HttpUtil.getContentLength(request, -1L) > config.maxBodyBytes()) {
      return Head.answer(IngestAnswer.refused(tooLarge(config.maxBodyBytes()), Map.of()));
    }
    return new Head(null, shape);
  }

  private IngestAnswer unauthorized(HttpRequest request) {
    if (expectedToken != null && !authorized(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      return IngestAnswer.refused(new IngestRejection(401,
          "missing or wrong bearer token (Authorization: Bearer <token>)"), Map.of("WWW-Authenticate", "Bearer"));
    }
    return null;
  }

  /** The health answer (open to all, as a load balancer asks it) or the stats answer (behind the token). */
  private IngestAnswer info(HttpRequest request, boolean health) {
    if (!request.method().equals(HttpMethod.GET)) {
      return IngestAnswer.refused(new IngestRejection(405, "use GET"), Map.of("Allow", "GET"));
    }
    if (health) {
      if (sink.isReachable()) {
        return IngestAnswer.info(200, JsonNodeFactory.instance.objectNode().put("status", "ok"));
      }
      return IngestAnswer.info(503, JsonNodeFactory.instance.objectNode().put("status", "unavailable")
          .put("reason", "Kafka did not answer lately: records sent now would wait or fail"));
    }
    IngestAnswer unauthorized = unauthorized(request);
    return unauthorized != null ? unauthorized : IngestAnswer.info(200, metrics.httpStats());
  }

  static IngestRejection tooLarge(int limit) {
    return new IngestRejection(413, "the body is larger than " + limit + " bytes (maxBodyBytes)");
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expectedToken);
  }

  /**
   * Parses and sends a whole body on a handler thread; the answer once Kafka acknowledged (or not).
   *
   * @param correlationId the id chosen from the request's headers
   * @param fromHeader whether the request had an {@code X-Correlation-ID} (which wins over a
   *     batch body's {@code correlationIdField})
   * @param traceparent the request's valid W3C {@code traceparent} ({@link TraceContext}), or null:
   *     the Kafka header of every record of the request
   */
  CompletableFuture<IngestAnswer> process(byte[] body, IngestBatch.Shape shape, String correlationId,
      boolean fromHeader, String traceparent) {
    return CompletableFuture.supplyAsync(() -> {
      MDC.put("correlation_id", correlationId);
      if (traceparent != null) {
        MDC.put(JsonLineLayout.TRACE_ID, TraceContext.traceId(traceparent));
      }
      try {
        IngestBatch batch = IngestBatch.parse(body, shape, config.maxBatch(), keyField);
        String used = fromHeader || batch.correlationId() == null ? correlationId
            : CorrelationIds.of(List.of(batch.correlationId()));
        MDC.put("correlation_id", used);
        int accepted = ingest(batch, used, traceparent);
        LOG.debug("accepted {} records", accepted);
        return IngestAnswer.accepted(accepted, used.equals(correlationId) ? null : used);
      } catch (IngestRejection rejection) {
        if (rejection.status() >= 500) {
          LOG.warn("ingest request failed: {}", rejection.getMessage());
        }
        return IngestAnswer.refused(rejection, Map.of());
      } catch (RuntimeException e) {
        LOG.error("ingest request failed", e);
        return IngestAnswer.refused(500, e.toString());
      } finally {
        MDC.remove("correlation_id");
        MDC.remove(JsonLineLayout.TRACE_ID);
      }
    }, handlers);
  }

  private int ingest(IngestBatch batch, String correlationId, String traceparent) throws IngestRejection {
    refuseTooLarge(batch);
    long timestamp = clock.millis();
    List<CompletableFuture<Void>> acks = new ArrayList<>(batch.records().size());
    for (IngestBatch.Record record : batch.records()) {
      acks.add(sink.send(new OutgoingRecord(record.key(), record.json(), correlationId, timestamp, traceparent)));
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

  /**
   * Refuses new requests with 503, lets requests in progress finish (up to a few seconds), then
   * closes the port, the connections and the threads. The caller flushes and closes the sink
   * afterwards.
   */
  @Override
  public void close() {
    stopping = true;
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    while (pendingPlaces.availablePermits() < limits.maxPendingRequests() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    listener.close().awaitUninterruptibly(STOP_GRACE.toMillis());
    channels.close().awaitUninterruptibly(STOP_GRACE.toMillis());
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(STOP_GRACE.toMillis());
    handlers.shutdownNow();
  }
}
