package io.tributary.runtime.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own {@code ProducerPerformance} and {@code ConsumerPerformance}
 * ({@code org.apache.kafka:kafka-tools}, on the class path only under {@code -Pbench}), run as
 * child JVMs and parsed. Referenced by class name so that the normal build compiles without them.
 */
final class KafkaPerfTools {
  private static final String PRODUCER_PERFORMANCE = "org.apache.kafka.tools.ProducerPerformance";
  private static final String CONSUMER_PERFORMANCE = "org.apache.kafka.tools.ConsumerPerformance";
  private static final Pattern PRODUCER_SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");
  private static final Duration LIMIT = Duration.ofMinutes(3);

  private KafkaPerfTools() {}

  /**
   * Sends {@code records} payloads picked from {@code payloadFile} (one per line) unthrottled, with
   * the producer settings given (the same as our producer's), and returns the tool's summary rate.
   */
  static Throughput producerPerformance(String bootstrap, String topic, long records, Path payloadFile,
      Map<String, String> producerProperties, Path log) {
    List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--topic", topic,
        "--num-records", String.valueOf(records), "--throughput", "-1",
        "--payload-file", payloadFile.toString(), "--reporting-interval", "60000", "--command-property"));
    producerProperties.forEach((key, value) -> args.add(key + "=" + value));
    String output = ChildProcess.runJava(PRODUCER_PERFORMANCE, args, LIMIT, log);
    return new Throughput("Kafka ProducerPerformance", producerRate(output), "tool output");
  }

  /**
   * Consumes {@code records} from the start of {@code topic} in a new group and returns the
   * tool's {@code fetch.nMsg.sec} (fetching only, without the group join).
   */
  static Throughput consumerPerformance(String bootstrap, String topic, long records, String group, Path log) {
    String output = ChildProcess.runJava(CONSUMER_PERFORMANCE, List.of("--bootstrap-server", bootstrap,
        "--topic", topic, "--num-records", String.valueOf(records), "--group", group,
        "--timeout", "30000"), LIMIT, log);
    return new Throughput("Kafka ConsumerPerformance", consumerFetchRate(output), "tool output, fetch.nMsg.sec");
  }

  /** The records/sec of ProducerPerformance's last summary line ("N records sent, R records/sec ..."). */
  static double producerRate(String output) {
    Matcher matcher = PRODUCER_SUMMARY.matcher(output);
    Double rate = null;
    while (matcher.find()) {
      rate = Double.parseDouble(matcher.group(2));
    }
    if (rate == null) {
      throw new IllegalStateException("no \"records sent, ... records/sec\" line in ProducerPerformance output:\n"
          + ChildProcess.tail(output));
    }
    return rate;
  }

  /**
   * The {@code fetch.nMsg.sec} column of ConsumerPerformance's result: the line after the header
   * that names the columns ({@code start.time, end.time, ..., fetch.nMsg.sec}).
   */
  static double consumerFetchRate(String output) {
    List<String> lines = Arrays.asList(output.split("\\R"));
    for (int i = 0; i < lines.size() - 1; i++) {
      List<String> header = splitColumns(lines.get(i));
      int column = header.indexOf("fetch.nMsg.sec");
      if (header.contains("start.time") && column >= 0) {
        List<String> values = splitColumns(lines.get(i + 1));
        if (values.size() == header.size()) {
          return Double.parseDouble(values.get(column));
        }
      }
    }
    throw new IllegalStateException("no fetch.nMsg.sec result in ConsumerPerformance output:\n"
        + ChildProcess.tail(output));
  }

  private static List<String> splitColumns(String line) {
    return Arrays.stream(line.split(",")).map(String::trim).toList();
  }
}
