package io.tributary.runtime.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A TCP port on 127.0.0.1 nobody listens on right now. The same as the main code's
 * {@code embedded.FreePorts}, which is package-private there.
 */
final class LoopbackPorts {
  private LoopbackPorts() {}

  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }
}
