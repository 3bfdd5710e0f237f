package io.tributary.runtime.bench;

import io.tributary.runtime.embedded.FreePorts;
import io.tributary.runtime.testing.RuntimeProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP ingest under {@code wrk}: our producer's {@code http} source and the {@link
 * HttpForwarderBaseline}, each in a child JVM on 127.0.0.1, posted the same batch of {@link
 * #BATCH} payment records by 16 connections for {@link #MEASURED} after a {@link #WARM_UP}. Rate =
 * wrk's requests/s × {@link #BATCH}; every answer must be a 202.
 */
final class HttpIngest {
  static final int BATCH = 100;
  static final Duration WARM_UP = Duration.ofSeconds(5);
  static final Duration MEASURED = Duration.ofSeconds(20);
  private static final int CONNECTIONS = 16;
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  private HttpIngest() {}

  /** {@code {"records": [...]}} of the first {@link #BATCH} lines of the payloads file. */
  static String batch(Path payloads) throws IOException {
    List<String> lines = Files.readAllLines(payloads).subList(0, BATCH);
    return "{\"records\": [" + String.join(",", lines) + "]}";
  }

  /** Our producer with {@code source.http} into {@code topic}, key {@code payment_id}. */
  static Throughput ours(String bootstrap, String topic, String body, Path dir, List<String> jvmOptions) throws Exception {
    int port = FreePorts.next();
    String config = """
        {"pipeline": "bench", "component": "ingest", "role": "producer",
         "kafka": {"bootstrapServers": "%s"},
         "producer": {"topic": "%s", "key": "payment_id",
                      "source": {"http": {"port": %d, "path": "/v1/records", "maxBatch": 500}}}}
        """.formatted(bootstrap, topic, port);
    try (RuntimeProcess producer = RuntimeProcess.start("producer", config, dir, "our-ingest", java.util.Map.of(),
        jvmOptions)) {
      awaitListening(port, producer::isAlive, producer::log);
      return run("our HTTP ingest (batches of " + BATCH + ")", port, body, dir, "wrk-ours", producer.pid());
    }
  }

  /** The baseline forwarder into {@code topic}. */
  static Throughput baseline(String bootstrap, String topic, String body, Path dir) throws Exception {
    int port = FreePorts.next();
    Path log = dir.resolve("http-forwarder-baseline.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), HttpForwarderBaseline.class.getName(), bootstrap, topic,
        String.valueOf(port)));
    Process forwarder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitListening(port, forwarder::isAlive, () -> read(log));
      return run("HTTP→Kafka forwarder baseline (batches of " + BATCH + ")", port, body, dir, "wrk-baseline",
          forwarder.pid());
    } finally {
      forwarder.destroyForcibly().waitFor();
    }
  }

  private static Throughput run(String name, int port, String body, Path dir, String file, long pid) throws Exception {
    String url = "http://127.0.0.1:" + port + "/v1/records";
    Wrk.post(url, body, CONNECTIONS, WARM_UP, dir, file + "-warm-up");
    Wrk.Result result = Wrk.post(url, body, CONNECTIONS, MEASURED, dir, file);
    return new Throughput(name, result.requestsPerSecond() * BATCH, String.format(Locale.ROOT,
        "wrk %d connections, %d s: %,.0f requests/s × %d, p99 %.1f ms%s", CONNECTIONS, MEASURED.toSeconds(),
        result.requestsPerSecond(), BATCH, result.p99Millis(), ResidentMemory.note(pid)));
  }

  private static void awaitListening(int port, java.util.function.BooleanSupplier alive,
      java.util.function.Supplier<String> log) throws InterruptedException {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (!alive.getAsBoolean() || System.nanoTime() > deadline) {
          throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + "; log:\n"
              + ChildProcess.tail(log.get()));
        }
        Thread.sleep(100);
      }
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
