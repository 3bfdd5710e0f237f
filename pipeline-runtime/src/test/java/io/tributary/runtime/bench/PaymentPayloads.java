package io.tributary.runtime.bench;

import io.tributary.runtime.config.SourceConfig;
import io.tributary.runtime.producer.PaymentsGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Payment records exactly as our {@code payments} source makes them, written one per line for
 * ProducerPerformance's {@code --payload-file}: both producers then send the same kind of bytes.
 */
final class PaymentPayloads {
  private PaymentPayloads() {}

  /** Writes {@code count} payment JSON lines to {@code file}; returns their mean size in bytes. */
  static int write(Path file, int count) throws IOException {
    Instant start = Instant.now();
    PaymentsGenerator generator = new PaymentsGenerator(new SourceConfig.Payments(1000.0, 0.01, 7L),
        new Random(7), start);
    List<String> lines = generator.poll(start.plusMillis(count)).stream().map(Object::toString).toList();
    Files.write(file, lines, StandardCharsets.UTF_8);
    long bytes = lines.stream().mapToLong(line -> line.getBytes(StandardCharsets.UTF_8).length).sum();
    return (int) Math.round((double) bytes / lines.size());
  }
}
