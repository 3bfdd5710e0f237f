package io.tributary.operator.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The local addresses TCP sockets listen on for a port, from Linux's {@code /proc/net/tcp} and {@code tcp6}. */
final class ListeningSockets {
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** Hex local addresses ({@code 0100007F} is 127.0.0.1, {@code 00000000} any) listening on {@code port}. */
  static List<String> addressesOf(int port) throws IOException {
    List<String> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 4 || !f[3].equals(LISTEN) || !f[1].contains(":")) {
          continue;
        }
        String[] local = f[1].split(":");
        if (Integer.parseInt(local[1], 16) == port) {
          addresses.add(local[0]);
        }
      }
    }
    return addresses;
  }

  /** Whether {@code hex} is an IPv4 loopback address, or IPv6 {@code ::1} or {@code ::ffff:127.x}. */
  static boolean loopback(String hex) {
    if (hex.length() == 8) {
      return hex.endsWith("7F");
    }
    return hex.equals("00000000000000000000000001000000") || hex.matches("0000000000000000FFFF0000..0000" + "7F");
  }
}
