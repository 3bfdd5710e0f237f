package io.tributary.runtime.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.runtime.config.RecordNumbers;
import io.tributary.runtime.config.RuntimeConfigs;
import io.tributary.runtime.config.TransformConfig;
import io.tributary.runtime.properties.ChainModel;
import io.tributary.runtime.properties.RecordTexts;
import io.tributary.runtime.testing.SharedServers;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties of the ETL transforms and the Redis hash load over hostile records
 * ({@link RecordTexts}), read as the extractors read them ({@link RecordNumbers#recordMapper()}),
 * against a real redis-server: for each transform alone and the example runs of
 * manifests/examples/etl.yaml, nothing escapes but the documented {@link EtlFailure} (a record the
 * load key cannot resolve: then nothing is written), and Redis holds exactly the hashes a model
 * computes — exact decimal sums, min and max (no double, no exponent, no "Infinity"), bad rows
 * (numbers beyond the limits) dropped and counted.
 */
class TransformPropertiesTest {
  private static final Pattern PLAIN = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final String KEY = "h:{symbol}";

  static final Map<String, String> RUNS = new TreeMap<>(Map.of(
      "1 filter", "[{\"filter\": {\"field\": \"price\", \"op\": \"gt\", \"value\": 0}}]",
      "2 select", "[{\"select\": {\"fields\": [\"symbol\", \"price\", \"volume\", \"ts\"]}}]",
      "3 dedupe", "[{\"dedupe\": {\"fields\": [\"symbol\", \"ts\"]}}]",
      "4 aggregate", "[{\"aggregate\": {\"groupBy\": [\"symbol\"], \"count\": true, \"sum\": [\"volume\", \"price\"],"
          + " \"min\": [\"price\"], \"max\": [\"price\"], \"avg\": [\"price\"]}}]",
      // manifests/examples/etl.yaml: market-ticks (topic to Redis) and instruments-daily (http)
      "5 market-ticks", "[{\"filter\": {\"field\": \"price\", \"op\": \"gt\", \"value\": 0}},"
          + " {\"select\": {\"fields\": [\"symbol\", \"price\", \"volume\", \"ts\"]}},"
          + " {\"dedupe\": {\"fields\": [\"symbol\", \"ts\"]}},"
          + " {\"aggregate\": {\"groupBy\": [\"symbol\"], \"count\": true, \"sum\": [\"volume\"],"
          + " \"min\": [\"price\"], \"max\": [\"price\"], \"avg\": [\"price\"]}}]",
      "6 instruments", "[{\"select\": {\"fields\": [\"symbol\", \"name\", \"sector\"]}},"
          + " {\"dedupe\": {\"fields\": [\"symbol\"]}}]"));

  static final AtomicLong RECORDS = new AtomicLong();
  static final AtomicLong BAD_ROWS = new AtomicLong();
  static final AtomicLong TRIES = new AtomicLong();

  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeContainer
  static void redis() {
    client = RedisClient.create(SharedServers.redis().url());
    connection = client.connect();
  }

  @AfterContainer
  static void close() {
    System.out.printf("TransformPropertiesTest: %d tries, %d records, %d bad rows%n", TRIES.get(), RECORDS.get(),
        BAD_ROWS.get());
    connection.close();
    client.shutdown();
  }

  @Provide
  Arbitrary<String> runs() {
    return Arbitraries.of(new ArrayList<>(RUNS.keySet()));
  }

  @Provide
  Arbitrary<List<String>> records() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, RecordTexts.keyedObjects()), net.jqwik.api.Tuple.of(1, RecordTexts.objects()))
        .list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(seed = "20260612", shrinking = ShrinkingMode.BOUNDED)
  void transformedAndLoadedHashesMatchTheModel(@ForAll("runs") String run, @ForAll("records") List<String> texts)
      throws Exception {
    check(run, texts);
  }

  /** Shrunk from the property: a sum beyond 15-17 digits and min/max came back as doubles. */
  @Example
  void aggregateStatisticsAreExactDecimals() throws Exception {
    check("4 aggregate", List.of(
        "{\"symbol\":\"A\",\"price\":12345678901234567.89,\"volume\":0.1}",
        "{\"symbol\":\"A\",\"price\":0.11,\"volume\":0.2}",
        "{\"symbol\":\"B\",\"price\":0.0000001,\"volume\":1e2}"));
    RedisCommands<String, String> redis = connection.sync();
    assertThat(redis.hgetall("h:A")).containsEntry("sum_price", "12345678901234568")
        .containsEntry("sum_volume", "0.3").containsEntry("min_price", "0.11")
        .containsEntry("max_price", "12345678901234567.89").containsEntry("count", "2");
    assertThat(redis.hgetall("h:B")).containsEntry("sum_price", "0.0000001").containsEntry("sum_volume", "100")
        .containsEntry("max_price", "0.0000001");
  }

  /** Read exactly, 1.5 and 1.50 are still one group and one dedupe key. */
  @Example
  void numbersGroupAndDedupeByValue() throws Exception {
    check("4 aggregate", List.of("{\"symbol\":1.5,\"price\":1}", "{\"symbol\":1.50,\"price\":2}"));
    assertThat(connection.sync().hgetall("h:1.5")).containsEntry("count", "2").containsEntry("sum_price", "3");
    assertThat(Transforms.dedupe(List.of("symbol", "ts"), List.of(parse("{\"symbol\":1.5,\"ts\":7}"),
        parse("{\"symbol\":1.50,\"ts\":7.0}")))).hasSize(1);
  }

  private static ObjectNode parse(String text) throws Exception {
    return (ObjectNode) RecordNumbers.recordMapper().readTree(text);
  }

  static void check(String run, List<String> texts) throws Exception {
    RedisCommands<String, String> redis = connection.sync();
    redis.flushall();
    List<TransformConfig> transforms = List.of(RuntimeConfigs.mapper().readValue(RUNS.get(run), TransformConfig[].class));
    List<ObjectNode> records = new ArrayList<>();
    List<ObjectNode> forModel = new ArrayList<>();
    for (String text : texts) {
      ObjectNode record;
      try {
        record = ChainModel.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } catch (Exception e) {
        continue; // not a record an extractor hands on
      }
      records.add((ObjectNode) RecordNumbers.recordMapper().readTree(text));
      forModel.add(record);
    }
    TRIES.incrementAndGet();
    RECORDS.addAndGet(records.size());
    Model model = new Model(transforms).run(forModel);
    BAD_ROWS.addAndGet(model.bad);

    long started = System.nanoTime();
    Transforms.Transformed transformed = Transforms.apply(transforms, records);
    assertThat(transformed.rejected()).as("bad rows").isEqualTo(model.bad);
    assertThat(transformed.records()).as("records after the transforms").hasSameSizeAs(model.out);
    boolean failed = false;
    try {
      new RedisHashLoader(client, KEY, Optional.empty()).load(transformed.records());
    } catch (EtlFailure e) {
      failed = true;
    }
    assertThat((System.nanoTime() - started) / 1_000_000).as("run time, ms").isLessThan(5000);
    Map<String, Map<String, JsonNode>> expected = model.hashes();
    assertThat(failed).as("the load failed (a record without a usable %s)", KEY).isEqualTo(model.failed);
    Set<String> keys = new HashSet<>(redis.keys("*"));
    assertThat(keys).as("keys; nothing written by a failed load").isEqualTo(expected.keySet());
    for (Map.Entry<String, Map<String, JsonNode>> hash : expected.entrySet()) {
      Map<String, String> actual = redis.hgetall(hash.getKey());
      assertThat(actual.keySet()).as("fields of %s", hash.getKey()).isEqualTo(hash.getValue().keySet());
      for (Map.Entry<String, JsonNode> field : hash.getValue().entrySet()) {
        String text = actual.get(field.getKey());
        JsonNode want = field.getValue();
        String where = hash.getKey() + " " + field.getKey() + " for " + texts;
        if (want.isNumber()) {
          if (field.getKey().matches("(count|sum_|min_|max_|avg_).*")) {
            assertThat(text).as(where + ": a statistic is a plain decimal").matches(PLAIN);
          }
          assertThat(new BigDecimal(text)).as(where).isEqualByComparingTo(want.decimalValue());
        } else if (want.isTextual()) {
          assertThat(text).as(where).isEqualTo(want.textValue());
        } else {
          assertThat(ChainModel.EXACT.readTree(text).equals(ChainModel.SAME, want)).as(where + ": " + text).isTrue();
        }
      }
    }
  }

  /** The transforms of CONFIG.md written out again, over records read exactly. */
  static final class Model {
    final List<TransformConfig> transforms;
    List<ObjectNode> out;
    long bad;
    boolean failed;

    Model(List<TransformConfig> transforms) {
      this.transforms = transforms;
    }

    Model run(List<ObjectNode> records) {
      List<ObjectNode> current = records;
      for (TransformConfig transform : transforms) {
        List<ObjectNode> next = new ArrayList<>();
        switch (transform.kind()) {
          case "filter" -> {
            for (ObjectNode record : current) {
              try {
                if (ChainModel.matches(transform.filter(), record)) {
                  next.add(record);
                }
              } catch (Exception e) {
                bad++;
              }
            }
          }
          case "select" -> {
            for (ObjectNode record : current) {
              ObjectNode selected = ChainModel.EXACT.createObjectNode();
              for (String field : transform.select().fields()) {
                if (record.has(field)) {
                  selected.set(field, record.get(field));
                }
              }
              next.add(selected);
            }
          }
          case "dedupe" -> {
            Set<List<Object>> seen = new HashSet<>();
            for (ObjectNode record : current) {
              if (seen.add(identity(record, transform.dedupe().fields()))) {
                next.add(record);
              }
            }
          }
          default -> next = aggregate(transform.aggregate(), current);
        }
        current = next;
      }
      out = current;
      return this;
    }

    private List<ObjectNode> aggregate(TransformConfig.Aggregate spec, List<ObjectNode> records) {
      Set<String> numeric = new java.util.LinkedHashSet<>();
      numeric.addAll(spec.sum());
      numeric.addAll(spec.min());
      numeric.addAll(spec.max());
      numeric.addAll(spec.avg());
      Map<List<Object>, List<ObjectNode>> groups = new LinkedHashMap<>();
      for (ObjectNode record : records) {
        try {
          for (String field : numeric) {
            ChainModel.number(record.get(field));
          }
        } catch (Exception e) {
          bad++;
          continue;
        }
        groups.computeIfAbsent(identity(record, spec.groupBy()), k -> new ArrayList<>()).add(record);
      }
      List<ObjectNode> out = new ArrayList<>();
      for (List<ObjectNode> group : groups.values()) {
        ObjectNode result = ChainModel.EXACT.createObjectNode();
        for (String field : spec.groupBy()) {
          JsonNode value = group.get(0).get(field);
          result.set(field, value == null ? ChainModel.EXACT.nullNode() : value);
        }
        if (spec.count()) {
          result.put("count", group.size());
        }
        stats(result, "sum_", spec.sum(), group, (a, b) -> a.add(b));
        stats(result, "min_", spec.min(), group, (a, b) -> a.min(b));
        stats(result, "max_", spec.max(), group, (a, b) -> a.max(b));
        for (String field : spec.avg()) {
          List<BigDecimal> values = numbers(group, field);
          BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
          result.set("avg_" + field, values.isEmpty() ? ChainModel.EXACT.nullNode()
              : ChainModel.EXACT.getNodeFactory().numberNode(
                  sum.divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL64)));
        }
        out.add(result);
      }
      return out;
    }

    private static void stats(ObjectNode result, String prefix, List<String> fields, List<ObjectNode> group,
        java.util.function.BinaryOperator<BigDecimal> op) {
      for (String field : fields) {
        List<BigDecimal> values = numbers(group, field);
        result.set(prefix + field, values.isEmpty() ? ChainModel.EXACT.nullNode()
            : ChainModel.EXACT.getNodeFactory().numberNode(values.stream().reduce(op).orElseThrow()));
      }
    }

    private static List<BigDecimal> numbers(List<ObjectNode> group, String field) {
      List<BigDecimal> values = new ArrayList<>();
      for (ObjectNode record : group) {
        try {
          BigDecimal value = ChainModel.number(record.get(field));
          if (value != null) {
            values.add(value);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return values;
    }

    /** A number by its value, other values as Jackson compares them (arrays and objects whole), missing as null. */
    private static List<Object> identity(ObjectNode record, List<String> fields) {
      List<Object> key = new ArrayList<>();
      for (String field : fields) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
          key.add("null");
        } else if (value.isNumber()) {
          BigDecimal number = value.decimalValue();
          key.add(number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros());
        } else {
          key.add(value);
        }
      }
      return key;
    }

    /** HSET of every non-null field, later records over earlier ones; the run fails on a key it cannot resolve. */
    Map<String, Map<String, JsonNode>> hashes() {
      Map<String, Map<String, JsonNode>> hashes = new LinkedHashMap<>();
      for (ObjectNode record : out) {
        String key;
        try {
          key = ChainModel.resolve(KEY, record);
        } catch (Exception e) {
          failed = true;
          return Map.of();
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        record.properties().forEach(member -> {
          if (!member.getValue().isNull()) {
            fields.put(member.getKey(), member.getValue());
          }
        });
        if (!fields.isEmpty()) {
          hashes.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll(fields);
        }
      }
      return hashes;
    }
  }
}
