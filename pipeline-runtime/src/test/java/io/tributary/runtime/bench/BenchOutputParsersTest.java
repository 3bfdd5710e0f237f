package io.tributary.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench reads the tools' own output (these are lines the Kafka 4.3.1 tools and redis-benchmark 7
 * printed) and needs redis-benchmark installed.
 */
class BenchOutputParsersTest {

  @Test
  void redisCpuIsUserPlusSystemOfInfoCpu() {
    String info = "# CPU\r\nused_cpu_sys:0.197364\r\nused_cpu_user:2.582705\r\nused_cpu_sys_children:0.000000\r\n"
        + "used_cpu_user_children:0.000000\r\nused_cpu_sys_main_thread:0.197353\r\n";

    assertThat(RedisCpu.parse(info)).isCloseTo(2.780069, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(RedisCpu.perRecord("w", 1.0, 3.5, 100_000).micros()).isCloseTo(25.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThatThrownBy(() -> RedisCpu.parse("# CPU\r\n")).hasMessageContaining("used_cpu_user");
  }

  @Test
  void producerPerformanceRateIsTheLastSummaryLine() {
    String output = """
        06:38:21.001 INFO  [main] o.a.k.c.producer.KafkaProducer - starting
        12000 records sent, 2400.0 records/sec (0.45 MB/sec), 900.00 ms avg latency, 1500.00 ms max latency.
        20000 records sent, 7309.941520 records/sec (1.37 MB/sec), 828.17 ms avg latency, 1887.00 ms max latency, \
        835 ms 50th, 937 ms 95th, 947 ms 99th, 947 ms 99.9th.
        """;

    assertThat(KafkaPerfTools.producerRate(output)).isEqualTo(7309.941520);
  }

  @Test
  void consumerPerformanceRateIsTheFetchColumnUnderTheHeader() {
    String output = """
        06:38:30.100 INFO  [main] org.apache.kafka.tools.ConsumerPerformance - Starting consumer...
        start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, \
        fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        2026-11-22 06:38:30:927, 2026-11-22 06:38:35:055, 4.5215, 1.0953, 20434, 4950.0969, 2664, 1464, 3.0885, 13957.6503
        """;

    assertThat(KafkaPerfTools.consumerFetchRate(output)).isEqualTo(13957.6503);
  }

  @Test
  void redisBenchmarkRateIsTheFinalSetLineAfterTheProgressLines() {
    String output = "SET: rps=0.0 (overall: -nan) avg_msec=-nan (overall: -nan)\r"
        + "SET: rps=250000.0 (overall: 250000.0) avg_msec=1.2 (overall: 1.2)\r"
        + "SET: 317460.31 requests per second, p50=1.415 msec\n\n";

    assertThat(RedisBenchmark.setRate(output)).isEqualTo(317460.31);
  }

  @Test
  void outputWithoutAResultIsAnErrorThatShowsTheOutput() {
    assertThatThrownBy(() -> KafkaPerfTools.consumerFetchRate("ERROR Timeout expired"))
        .hasMessageContaining("fetch.nMsg.sec").hasMessageContaining("ERROR Timeout expired");
    assertThatThrownBy(() -> KafkaPerfTools.producerRate("org.apache.kafka.common.errors.TimeoutException"))
        .hasMessageContaining("records/sec").hasMessageContaining("TimeoutException");
  }

  @Test
  void redisBenchmarkIsTakenFromThePath(@TempDir Path bin) throws Exception {
    Path fake = Files.createFile(bin.resolve("redis-benchmark"));
    fake.toFile().setExecutable(true);

    assertThat(RedisBenchmark.binary("/nonexistent-dir" + File.pathSeparator + bin)).isEqualTo(fake);
  }

  @Test
  void withoutRedisBenchmarkTheBenchSaysHowToInstallIt() {
    assertThatThrownBy(() -> RedisBenchmark.binary("/nonexistent-dir"))
        .hasMessageContaining("apt-get install redis-tools");
  }

  @Test
  void aRateNeedsRecordsAndTime() {
    assertThat(Throughput.over("x", 200_000, 2_000_000_000L, "m").recordsPerSecond()).isEqualTo(100_000.0);
    assertThatThrownBy(() -> Throughput.over("our worker", 0, 1_000, "m")).hasMessageContaining("our worker");
  }

  @Test
  void wrkGivesRequestsPerSecondAndTheP99InMillisecondsAndFailsOnAnswersThatAreNot2xx() {
    String output = """
        Running 20s test @ http://127.0.0.1:40111/v1/records
          2 threads and 16 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     5.23ms    2.10ms  40.00ms   80.00%
            Req/Sec     1.55k   200.00     2.00k    70.00%
          Latency Distribution
             50%    4.80ms
             75%    6.00ms
             90%    7.50ms
             99%   12.40ms
          61800 requests in 20.00s, 5.30MB read
        Requests/sec:   3090.00
        Transfer/sec:    271.00KB
        """;
    Wrk.Result result = Wrk.parse(output);
    assertThat(result.requestsPerSecond()).isEqualTo(3090.0);
    assertThat(result.p99Millis()).isEqualTo(12.4);
    assertThat(Wrk.parse(output.replace("12.40ms", "1.20s")).p99Millis()).isEqualTo(1200.0);
    assertThat(Wrk.parse(output.replace("12.40ms", "880.00us")).p99Millis()).isEqualTo(0.88);
    assertThatThrownBy(() -> Wrk.parse(output.replace("Requests/sec", "  Non-2xx or 3xx responses: 7\nRequests/sec")))
        .hasMessageStartingWith("7 answers were not 2xx");
    assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"))
        .hasMessageContaining("no \"Requests/sec\"");
    assertThatThrownBy(() -> Wrk.binary("/nonexistent-dir")).hasMessageContaining("apt-get install wrk");
  }

  @Test
  void theWrkScriptCarriesTheBodyVerbatimWhateverBracketsItHolds() {
    String body = "{\"records\": [{\"note\": \"]]\"}, {\"note\": \"]=]\"}]}";
    String script = Wrk.luaScript(body);
    assertThat(script).contains("wrk.method = \"POST\"").contains("wrk.body = [==[" + body + "]==]");
  }
}
