package io.tributary.runtime.bench;

import java.util.List;
import java.util.Locale;

/** The bench's result as a Markdown table: every rate, then ours divided by its limit. */
final class BenchReport {
  private BenchReport() {}

  /**
   * Ratios: producer = ours / ProducerPerformance, once against the tool's own figure and once
   * against the same broker-clock measurement as ours; worker = ours / min(ConsumerPerformance,
   * redis-benchmark SET pipelined), the slower of the two things a worker needs; the payments
   * chain / ConsumerPerformance (issue 12's target: 0.35); each further
   * {@code cacheWorkers} entry (a Redis Cluster) / the first (one Redis); our HTTP ingest / the
   * forwarder baseline (target 0.8); then the Redis CPU per
   * record of each entry of {@code redisCpu}.
   */
  static String render(String setting, Throughput producerTool, Throughput producerToolBrokerClock,
      Throughput ourProducer, Throughput consumerTool, Throughput redisSet, Throughput ourWorker,
      Throughput paymentsChain, List<Throughput> cacheWorkers, Throughput ingest, Throughput ingestBaseline,
      List<RedisCpu.PerRecord> redisCpu) {
    StringBuilder out = new StringBuilder();
    out.append(setting).append("\n\n");
    out.append("| measurement | records/s | measured by |\n|---|---:|---|\n");
    List<Throughput> rows = new java.util.ArrayList<>(
        List.of(producerTool, producerToolBrokerClock, ourProducer, consumerTool, redisSet, ourWorker, paymentsChain));
    rows.addAll(cacheWorkers);
    rows.add(ingest);
    rows.add(ingestBaseline);
    for (Throughput row : rows) {
      out.append("| ").append(row.name()).append(" | ").append(rate(row.recordsPerSecond()))
          .append(" | ").append(row.method()).append(" |\n");
    }
    Throughput workerLimit = consumerTool.recordsPerSecond() <= redisSet.recordsPerSecond() ? consumerTool : redisSet;
    out.append("\n| ratio | ours / limit |\n|---|---:|\n");
    out.append(ratioRow("producer / ProducerPerformance (both by broker append time)", ourProducer, producerToolBrokerClock));
    out.append(ratioRow("producer / ProducerPerformance (tool's own figure)", ourProducer, producerTool));
    out.append(ratioRow("worker / min(ConsumerPerformance, redis-benchmark SET) = " + workerLimit.name(),
        ourWorker, workerLimit));
    out.append(ratioRow(paymentsChain.name() + " / " + consumerTool.name(), paymentsChain, consumerTool));
    for (int i = 1; i < cacheWorkers.size(); i++) {
      out.append(ratioRow(cacheWorkers.get(i).name() + " / " + cacheWorkers.get(0).name(), cacheWorkers.get(i),
          cacheWorkers.get(0)));
    }
    out.append(ratioRow(ingest.name() + " / " + ingestBaseline.name() + " (target 0.8)", ingest, ingestBaseline));
    out.append("\n| Redis CPU per record | µs |\n|---|---:|\n");
    for (RedisCpu.PerRecord row : redisCpu) {
      out.append("| ").append(row.name()).append(" | ").append(String.format(Locale.ROOT, "%.1f", row.micros()))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String ratioRow(String name, Throughput ours, Throughput limit) {
    return "| " + name + " | " + String.format(Locale.ROOT, "%.2f", ours.recordsPerSecond() / limit.recordsPerSecond())
        + " |\n";
  }

  private static String rate(double recordsPerSecond) {
    return String.format(Locale.ROOT, "%,.0f", recordsPerSecond);
  }
}
