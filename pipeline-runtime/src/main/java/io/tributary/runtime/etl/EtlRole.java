package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.runtime.config.EtlConfig;
import io.tributary.runtime.config.ExtractConfig;
import io.tributary.runtime.config.LoadConfig;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SecretEnv;
import io.tributary.runtime.ops.Connections;
import io.tributary.runtime.ops.RoleContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code etl} role: one run of extract, transforms, quality checks and load, tried again
 * after {@code retries.delay * multiplier^(n-1)} up to {@code retries.limit} times. Kafka offsets
 * of a topic extract are committed only after the load succeeded. Writes the one-line summary to
 * {@code terminationMessagePath} and returns 0 on success, 1 on failure.
 */
public final class EtlRole {
  private static final Logger LOG = LoggerFactory.getLogger(EtlRole.class);

  private EtlRole() {}

  public static int run(RoleContext context) {
    RuntimeConfig config = context.config();
    EtlConfig etl = config.etl();
    MeterRegistry registry = context.registry();
    Timer duration = Timer.builder("etl.run.duration").description("Duration of ETL runs, retries included")
        .register(registry);
    context.ops().addReadinessCheck("etl", () -> true);
    long started = System.nanoTime();
    int tries = 1 + etl.retries().limit();
    String lastError = null;
    long loaded = -1;
    int attempts = 0;
    EtlSummary.Stages[] stages = new EtlSummary.Stages[1];
    String gateError = etl.waitFor() == null ? null : waitFor(context, etl);
    if (gateError != null) {
      lastError = gateError;
      tries = 0;
    }
    for (int attempt = 1; attempt <= tries && loaded < 0; attempt++) {
      attempts = attempt;
      try {
        loaded = runOnce(context, etl, registry, stages);
      } catch (Exception e) {
        lastError = e instanceof EtlFailure ? e.getMessage() : e.toString();
        LOG.warn("ETL try {} of {} failed: {}", attempt, tries, lastError, e instanceof EtlFailure ? null : e);
        if (attempt < tries) {
          Duration delay = etl.retries().delayBeforeRetry(attempt);
          LOG.info("retrying in {}", delay);
          if (context.lifecycle().sleep(delay)) {
            lastError = lastError + " (stopped before retrying)";
            break;
          }
        } else if (tries > 1) {
          lastError = "failed after " + tries + " tries: " + lastError;
        }
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    duration.record(took);
    DataInterval covered = intervalOrNull(context);
    EtlSummary summary = loaded >= 0
        ? new EtlSummary(EtlSummary.SUCCEEDED, loaded, took.toMillis() / 1000.0,
            "loaded " + loaded + " records into " + describe(etl.load()), stages[0], attempts, covered)
        : new EtlSummary(EtlSummary.FAILED, 0, took.toMillis() / 1000.0, lastError, stages[0], attempts, covered);
    writeSummary(summary, Path.of(etl.terminationMessagePath()));
    lingerForScrape(context);
    return loaded >= 0 ? 0 : 1;
  }

  /**
   * {@code etl.waitFor}: null once the Worker has caught up or the topic's watermark has passed the
   * end of the data interval (the run's start for a run without one), else why the run does not start.
   */
  private static String waitFor(RoleContext context, EtlConfig etl) {
    Map<String, Object> kafka = Connections.kafkaProperties(context.config(), context.env());
    var gate = etl.waitFor();
    String what = gate.watermark() != null ? "the watermark of topic " + gate.watermark().topic()
        : "the lag of Worker " + gate.worker();
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafka)) {
      if (gate.watermark() != null) {
        java.time.Instant end = interval(context).map(DataInterval::end).orElseGet(java.time.Instant::now);
        WatermarkGate.await(admin, gate, end, delay -> context.lifecycle().sleep(delay));
      } else {
        LagGate.await(admin, gate, delay -> context.lifecycle().sleep(delay));
      }
      return null;
    } catch (EtlFailure e) {
      LOG.warn("{}", e.getMessage());
      return e.getMessage();
    } catch (Exception e) {
      LOG.warn("waitFor: cannot read {}", what, e);
      return "waitFor: cannot read " + what + ": " + e;
    }
  }

  /** One try; its extracted and rejected counts go to {@code stages[0]} as soon as they are known. */
  private static long runOnce(RoleContext context, EtlConfig etl, MeterRegistry registry, EtlSummary.Stages[] stages)
      throws Exception {
    try (Extractor extractor = extractor(context); Loader loader = loader(context)) {
      Extraction extraction = extractor.extract();
      count(registry, "extracted", extraction.records().size());
      Transforms.Transformed result = Transforms.apply(etl.transform(), extraction.records());
      // bad rows: unreadable records of the extract and records with an unusable number
      long rejected = extraction.rejected() + result.rejected();
      count(registry, "rejected", rejected);
      stages[0] = new EtlSummary.Stages(extraction.records().size(), rejected);
      List<ObjectNode> transformed = result.records();
      count(registry, "transformed", transformed.size());
      QualityCheck.verify(etl.quality(), transformed);
      loader.load(transformed);
      count(registry, "loaded", transformed.size());
      extraction.confirm().run();
      LOG.info("ETL run loaded {} records (extracted {}, rejected {})", transformed.size(),
          extraction.records().size(), rejected);
      return transformed.size();
    }
  }

  private static void count(MeterRegistry registry, String stage, long records) {
    Counter.builder("etl.records").description("Records per ETL stage").tag("stage", stage)
        .register(registry).increment(records);
  }

  private static Extractor extractor(RoleContext context) {
    RuntimeConfig config = context.config();
    ExtractConfig extract = config.etl().extract();
    switch (extract.kind()) {
      case "topic": {
        Map<String, Object> kafka = Connections.kafkaProperties(config, context.env());
        return new TopicExtractor(kafka, extract.topic().name(),
            extract.topic().consumerGroupOr(config.defaultConsumerGroup()), extract.topic().maxRecords(),
            interval(context).orElse(null));
      }
      case "http":
        return new HttpExtractor(extract.http().url(), extract.http().itemsPath(), interval(context),
            io.tributary.runtime.config.AllowedHosts.fromEnv(context.env()));
      default: {
        ExtractConfig.Csv csv = extract.csv();
        if (csv.url() != null) {
          return new CsvExtractor(csv.url(), null);
        }
        Path path = csv.path() != null ? Path.of(csv.path())
            : Path.of(SecretEnv.CSV_CONFIG_MAP_DIR, csv.configMap().key());
        return new CsvExtractor(null, path);
      }
    }
  }

  /** For the summary: the interval, or null when there is none or it is malformed (the run said why). */
  private static DataInterval intervalOrNull(RoleContext context) {
    try {
      return DataInterval.fromEnv(context.env()).orElse(null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static java.util.Optional<DataInterval> interval(RoleContext context) {
    try {
      return DataInterval.fromEnv(context.env());
    } catch (IllegalArgumentException e) {
      throw new EtlFailure("data interval: " + e.getMessage(), e);
    }
  }

  private static Loader loader(RoleContext context) {
    RuntimeConfig config = context.config();
    LoadConfig load = config.etl().load();
    if (load.topic() != null) {
      return new TopicLoader(Connections.kafkaProperties(config, context.env()), load.topic().name());
    }
    io.tributary.runtime.ops.RedisAccess client = Connections.redisAccess(config, context.env());
    RedisHashLoader hashes = new RedisHashLoader(client, load.redisHash().key(), load.redisHash().ttlDuration(),
        config.redis().templateValueBound(), config.redis().prefix());
    return new Loader() {
      @Override
      public void load(List<ObjectNode> records) throws Exception {
        hashes.load(records);
      }

      @Override
      public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    };
  }

  /**
   * A run often ends before Prometheus scrapes it; {@value EtlConfig#LINGER_ENV} keeps {@code /metrics} up
   * that many seconds after the run (a stop request ends the wait).
   */
  private static void lingerForScrape(RoleContext context) {
    String linger = context.env().apply(EtlConfig.LINGER_ENV);
    if (linger != null && !linger.isBlank()) {
      context.lifecycle().sleep(Duration.ofSeconds(Long.parseLong(linger.trim())));
    }
  }

  private static String describe(LoadConfig load) {
    return load.topic() != null ? "topic " + load.topic().name() : "Redis hashes " + load.redisHash().key();
  }

  private static void writeSummary(EtlSummary summary, Path path) {
    LOG.info("ETL run summary: {}", summary.toJson());
    try {
      summary.writeTo(path);
    } catch (java.io.IOException e) {
      LOG.warn("cannot write the run summary to {}: {}", path, e.toString());
    }
  }
}
