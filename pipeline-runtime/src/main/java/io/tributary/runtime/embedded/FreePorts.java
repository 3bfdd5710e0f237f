package io.tributary.runtime.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds TCP ports on 127.0.0.1 that nobody listens on right now: the one helper for the embedded
 * servers, the operator and the tests of both modules. The port is free when returned; another
 * process may take it before the caller binds it, which callers that start servers accept.
 */
public final class FreePorts {
  private FreePorts() {}

  /**
   * A port on 127.0.0.1 that nothing listens on at the moment of the call.
   *
   * @throws UncheckedIOException when no port can be bound
   */
  public static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }
}
