package io.tributary.runtime.producer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.tributary.runtime.config.HttpLimits;
import io.tributary.runtime.ops.TraceContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the http source, on its Netty event loop (so nothing here needs a
 * lock, and a slow client holds no thread). A connection goes through
 * {@code HEADERS → BODY → PROCESSING → IDLE → HEADERS ...}; each waiting state has its deadline
 * from {@link HttpLimits}, counted from the state's start, not from the last byte, so trickling
 * one byte a second does not extend it. Every refusal before the body was read whole closes the
 * connection: its unread rest cannot be told from a next request.
 *
 * <p>Two handlers share this state: {@link #byteWatcher()} sits before the HTTP decoder and sees
 * that bytes arrive at all (the start of a request on a kept-alive connection); this one sits
 * after it and sees requests and their content.
 */
final class IngestConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(IngestConnection.class);
  /**
   * After a refusal the rest of what the client sends is read and dropped this long before the
   * connection closes: closing with unread bytes would reset it, and a client still sending
   * could lose the answer.
   */
  private static final Duration LINGER = Duration.ofSeconds(2);

  private enum State { HEADERS, BODY, PROCESSING, IDLE, CLOSING }

  private final HttpIngestServer server;
  private final HttpLimits limits;
  private State state = State.HEADERS;
  private ScheduledFuture<?> deadline;
  private boolean holdsPlace;
  private boolean counted;
  private String correlationId;
  /** The request's valid W3C {@code traceparent}, or null. */
  private String traceparent;
  private boolean correlationFromHeader;
  private IngestBatch.Shape shape;
  private boolean keepAlive;
  private ByteArrayOutputStream body;
  private long bodyBytes;

  IngestConnection(HttpIngestServer server, HttpLimits limits) {
    this.server = server;
    this.limits = limits;
  }

  /** The handler to put before the HTTP decoder: the first byte of a kept-alive connection's next request. */
  ChannelInboundHandlerAdapter byteWatcher() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.IDLE) {
          state = State.HEADERS;
          arm(ctx, limits.headerTimeoutDuration());
        } else if (state == State.CLOSING) {
          ReferenceCountUtil.release(msg); // lingering: dropped unread
          return;
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    counted = true;
    if (!server.openConnection()) {
      refuseAndClose(ctx, IngestAnswer.refused(429, "more than " + limits.maxConnections()
          + " connections are open (maxConnections); retry the request"));
      return;
    }
    arm(ctx, limits.headerTimeoutDuration());
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelDeadline();
    if (counted) {
      server.closeConnection();
    }
    if (holdsPlace && state != State.PROCESSING) {
      releasePlace(); // the client left during its body: nothing of it was sent
    }
    state = State.CLOSING;
    body = null;
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest && state == State.HEADERS) {
        onHead(ctx, (HttpRequest) msg);
      } else if (msg instanceof HttpRequest && state == State.PROCESSING) {
        // pipelined behind a request being answered: it cannot be answered in order, so the
        // connection closes after the first answer and the client sends it again
        keepAlive = false;
      }
      if (msg instanceof HttpContent && state == State.BODY) {
        onContent(ctx, (HttpContent) msg);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
    cancelDeadline();
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      refuseAndClose(ctx, malformed(decoded.cause()));
      return;
    }
    java.util.List<String> ids = request.headers().getAll(HttpIngestServer.CORRELATION_HEADER);
    correlationId = CorrelationIds.of(ids);
    correlationFromHeader = !ids.isEmpty();
    traceparent = TraceContext.ofRequest(request.headers().getAll(TraceContext.HEADER));
    keepAlive = HttpUtil.isKeepAlive(request);
    HttpIngestServer.Head head = server.head(request);
    IngestAnswer refusal = head.answer();
    if (refusal != null && !refusal.ingest() && HttpUtil.getContentLength(request, 0L) == 0
        && !HttpUtil.isTransferEncodingChunked(request)) {
      // a health or stats answer to a request without a body: the connection goes on
      answerAndGoOn(ctx, refusal);
      return;
    }
    if (refusal == null && !server.reservePlace()) {
      refusal = IngestAnswer.refused(429, "more than " + limits.maxPendingRequests()
          + " requests are pending (maxPendingRequests); retry the request");
    } else if (refusal == null) {
      holdsPlace = true;
    }
    if (refusal != null) {
      refuseAndClose(ctx, refusal);
      return;
    }
    long declared = HttpUtil.getContentLength(request, -1L);
    // the declared length is at most maxBodyBytes here (head): no allocation beyond the limit
    shape = head.shape();
    body = new ByteArrayOutputStream((int) Math.max(256, Math.min(declared, 64 * 1024)));
    bodyBytes = 0;
    state = State.BODY;
    arm(ctx, limits.bodyTimeoutDuration());
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
  }

  private static IngestAnswer malformed(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return IngestAnswer.refused(414, "the request line is longer than "
          + HttpLimits.MAX_REQUEST_LINE_BYTES + " bytes");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return IngestAnswer.refused(431, "the request headers are larger than the limit (maxHeaderBytes)");
    }
    return IngestAnswer.refused(400, "not an HTTP/1.1 request (" + (cause == null ? "malformed" : cause.getMessage()) + ")");
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    if (content.decoderResult().isFailure()) {
      refuseAndClose(ctx, malformed(content.decoderResult().cause()));
      return;
    }
    ByteBuf bytes = content.content();
    bodyBytes += bytes.readableBytes();
    if (bodyBytes > server.maxBodyBytes()) {
      // chunked: no declared length to refuse before; refused as soon as it is too much
      refuseAndClose(ctx, IngestAnswer.refused(HttpIngestServer.tooLarge(server.maxBodyBytes()), Map.of()));
      return;
    }
    int length = bytes.readableBytes();
    if (bytes.hasArray()) {
      body.write(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), length);
    } else {
      byte[] copy = new byte[length];
      bytes.getBytes(bytes.readerIndex(), copy);
      body.write(copy, 0, length);
    }
    if (content instanceof LastHttpContent) {
      cancelDeadline();
      state = State.PROCESSING;
      ctx.channel().config().setAutoRead(false); // a pipelined next request waits for this answer
      byte[] whole = body.toByteArray();
      body = null;
      server.process(whole, shape, correlationId, correlationFromHeader, traceparent)
          .whenComplete((answer, error) -> ctx.executor().execute(() -> {
            releasePlace();
            IngestAnswer sent = error == null ? answer : IngestAnswer.refused(500, "the request failed");
            if (sent.correlationId() != null) {
              correlationId = sent.correlationId(); // the batch body's id: echoed as the records carry it
            }
            answerAndGoOn(ctx, sent);
          }));
    }
  }

  /** Answers; then waits for the next request on a kept-alive connection, or closes. */
  private void answerAndGoOn(ChannelHandlerContext ctx, IngestAnswer answer) {
    if (keepAlive && ctx.channel().isActive()) {
      cancelDeadline();
      state = State.PROCESSING;
      ctx.channel().config().setAutoRead(false); // a pipelined next request waits for this answer
      write(ctx, answer, false).addListener(future -> {
        state = State.IDLE;
        arm(ctx, limits.idleTimeoutDuration());
        ctx.channel().config().setAutoRead(true);
      });
    } else {
      refuseAndClose(ctx, answer);
    }
  }

  private io.netty.channel.ChannelFuture write(ChannelHandlerContext ctx, IngestAnswer answer, boolean close) {
    server.answered(answer);
    byte[] bytes = answer.body().toString().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    if (correlationId != null) {
      response.headers().set(HttpIngestServer.CORRELATION_HEADER, correlationId);
    }
    answer.headers().forEach(response.headers()::set);
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    // through the whole pipeline (the encoder included), whichever handler asks
    return ctx.channel().writeAndFlush(response);
  }

  /** Answers, stops reading requests, and closes once the answer is out (after {@link #LINGER}). */
  private void refuseAndClose(ChannelHandlerContext ctx, IngestAnswer answer) {
    cancelDeadline();
    releasePlace();
    if (counted) {
      // a closing connection serves no one: it does not keep a new client out while it lingers
      counted = false;
      server.closeConnection();
    }
    state = State.CLOSING;
    body = null;
    ctx.channel().config().setAutoRead(true); // drain what the client still sends
    write(ctx, answer, true).addListener(future -> {
      if (!future.isSuccess() || !(ctx.channel() instanceof SocketChannel) || server.tls()) {
        ctx.channel().close(); // TLS: close() sends close_notify first
        return;
      }
      // half-close: the client reads the answer to its end, we drop what it still sends
      ((SocketChannel) ctx.channel()).shutdownOutput().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      ctx.executor().schedule(() -> ctx.channel().close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  private void arm(ChannelHandlerContext ctx, Duration timeout) {
    cancelDeadline();
    State armedFor = state;
    deadline = ctx.executor().schedule(() -> expire(ctx, armedFor, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void expire(ChannelHandlerContext ctx, State armedFor, Duration timeout) {
    if (state != armedFor) {
      return;
    }
    switch (state) {
      case HEADERS:
        refuseAndClose(ctx, IngestAnswer.refused(408, "the request line and headers did not arrive within "
            + timeout.toMillis() + " ms (headerTimeout)"));
        break;
      case BODY:
        refuseAndClose(ctx, IngestAnswer.refused(408, "the body did not arrive within " + timeout.toMillis()
            + " ms (bodyTimeout); nothing of it was sent"));
        break;
      case IDLE:
        ctx.channel().close();
        break;
      default:
        break;
    }
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private void releasePlace() {
    if (holdsPlace) {
      holdsPlace = false;
      server.releasePlace();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("http source connection failed: {}", cause.toString());
    ctx.channel().close();
  }
}
