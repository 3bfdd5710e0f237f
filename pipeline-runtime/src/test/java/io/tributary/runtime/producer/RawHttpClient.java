package io.tributary.runtime.producer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client on a plain socket that sends whatever bytes a test gives it, when the test says so:
 * what a hostile client (or a broken one) does, which no HTTP client library lets a test do.
 */
final class RawHttpClient implements AutoCloseable {
  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");
  private final Socket socket;
  private final InputStream in;

  /** A parsed response: status, the head as text (status line and headers), the body. */
  record Response(int status, String head, String body) {
    /** The first value of header {@code name} (case-insensitive), or null. */
    String header(String name) {
      Matcher matcher = Pattern.compile("(?im)^" + Pattern.quote(name) + ":\\s*(.*?)\\s*$").matcher(head);
      return matcher.find() ? matcher.group(1) : null;
    }
  }

  /** Connects to 127.0.0.1:{@code port}; reads give up after {@code readTimeout}. */
  RawHttpClient(int port, Duration readTimeout) {
    this(port, readTimeout, javax.net.SocketFactory.getDefault());
  }

  /** The same through {@code sockets}, e.g. an {@code SSLSocketFactory} (the handshake comes with the first read or write). */
  RawHttpClient(int port, Duration readTimeout, javax.net.SocketFactory sockets) {
    try {
      socket = sockets.createSocket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout((int) readTimeout.toMillis());
      in = socket.getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RawHttpClient(int port) {
    this(port, Duration.ofSeconds(30));
  }

  /** Sends the text's bytes (ISO-8859-1, so any byte can be written). False once the server closed. */
  boolean send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  boolean send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads one response (head, then a body of its Content-Length). Fails when the server sends
   * none within the read timeout or closes first.
   */
  Response readResponse() {
    try {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!endsWithBlankLine(head)) {
        int b = in.read();
        if (b < 0) {
          throw new AssertionError("the server closed the connection without an answer; got: "
              + head.toString(StandardCharsets.ISO_8859_1));
        }
        head.write(b);
      }
      String headText = head.toString(StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(headText.substring(9, 12));
      if (status == 100) {
        return readResponse();
      }
      Matcher length = CONTENT_LENGTH.matcher(headText);
      byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
      return new Response(status, headText, new String(body, StandardCharsets.UTF_8));
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within the read timeout (the server hangs)", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when the server closed the connection (end of stream or reset) within the read timeout. */
  boolean closedByServer() {
    try {
      while (in.read() >= 0) {
        // anything after the answer is ignored; the end of the stream is what counts
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
    byte[] bytes = head.toByteArray();
    int n = bytes.length;
    return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n';
  }

  /** A complete POST request with a Content-Length. */
  static String post(String path, String body, String... headerLines) {
    StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
    return request + new String(bytes, StandardCharsets.ISO_8859_1);
  }

  static String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a test's socket: nothing to do about it
    }
  }
}
