package io.tributary.runtime.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} child process on 127.0.0.1 without background persistence; a
 * {@link #stop()} saves a snapshot that the next {@link #start()} loads, like a Redis with
 * persistence that restarts. Uses the
 * {@code redis-server} found on the {@code PATH} (or in {@code TRIBUTARY_REDIS_SERVER}), else the
 * binary shipped in {@code org.signal:embedded-redis}. It can be {@link #stop() stopped} and
 * {@link #start() started} again on the same port, which lets tests simulate a Redis outage.
 */
public final class EmbeddedRedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static volatile Path extractedBinary;

  private final int port;
  private final Path workDir;
  private final Path binary;
  private final Thread shutdownHook;
  private Process process;

  /** Prepares a server on {@code port} (0 picks a free port); call {@link #start()}. */
  public EmbeddedRedisServer(int port) {
    this.port = port == 0 ? FreePorts.next() : port;
    this.binary = locateBinary();
    try {
      this.workDir = Files.createTempDirectory("tributary-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.shutdownHook = new Thread(() -> {
      destroyProcess();
      TempDirs.deleteQuietly(workDir);
    }, "embedded-redis-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a server on a free port. */
  public static EmbeddedRedisServer startOnFreePort() {
    return new EmbeddedRedisServer(0).start();
  }

  /** Starts the process (again) on the same port and waits until it accepts connections. */
  public synchronized EmbeddedRedisServer start() {
    if (isRunning()) {
      return this;
    }
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--protected-mode", "no", "--dir", workDir.toString()));
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(workDir.resolve("redis.log").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
    awaitListening();
    return this;
  }

  /**
   * Stops the server with {@code SHUTDOWN SAVE} (the data comes back with {@link #start()}), or
   * SIGTERM/SIGKILL when it does not answer. The port stays this server's.
   */
  public synchronized void stop() {
    if (!isRunning()) {
      return;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.getOutputStream().write("SHUTDOWN SAVE\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException ignored) {
      // not answering: destroyed below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    destroyProcess();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * The exit code of a process that ended by itself (it crashed, or was killed) rather than
   * through {@link #stop()} or {@link #close()}; empty while it runs and after a stop. The next
   * {@link #start()} clears it, which lets a supervisor tell a crash from an outage on purpose.
   */
  public synchronized OptionalInt unexpectedExit() {
    return process != null && !process.isAlive() ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
  }

  public int port() {
    return port;
  }

  /** The Lettuce URL of database 0, e.g. {@code redis://127.0.0.1:6390/0}. */
  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  @Override
  public synchronized void close() {
    destroyProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook itself is running
    }
    TempDirs.deleteQuietly(workDir);
  }

  private synchronized void destroyProcess() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited at start (port " + port + "): " + logTail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    destroyProcess();
    throw new IllegalStateException("redis-server did not listen on port " + port + " within " + START_TIMEOUT);
  }

  private String logTail() {
    try {
      String log = Files.readString(workDir.resolve("redis.log"));
      return log.length() > 2000 ? log.substring(log.length() - 2000) : log;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }

  private static Path locateBinary() {
    String explicit = System.getenv("TRIBUTARY_REDIS_SERVER");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    return onPath().orElseGet(EmbeddedRedisServer::extractBundledBinary);
  }

  private static Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static synchronized Path extractBundledBinary() {
    if (extractedBinary != null && Files.isExecutable(extractedBinary)) {
      return extractedBinary;
    }
    String resource = bundledResourceName();
    try (InputStream in = EmbeddedRedisServer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no redis-server on PATH and no bundled " + resource
            + " (add org.signal:embedded-redis to the classpath or install redis-server)");
      }
      Path target = Files.createTempFile("tributary-redis-server-", "");
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      target.toFile().setExecutable(true, true);
      target.toFile().deleteOnExit();
      extractedBinary = target;
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + resource, e);
    }
  }

  private static String bundledResourceName() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String osPart = os.contains("mac") ? "darwin" : "linux";
    String archPart = arch.contains("aarch64") || arch.contains("arm64") ? "arm64"
        : arch.contains("64") ? "amd64" : "386";
    return "redis-server-7.0.15-" + osPart + "-" + archPart;
  }
}
