package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Redis Cluster rules: which chains validate, and the hash tag a template writes. */
class ClusterSlotRulesTest {

  private static List<String> problems(String redis, String input, String processors) {
    JsonNode doc = ExampleConfigs.parse("{\"pipeline\": \"p\", \"component\": \"c\", \"role\": \"worker\","
        + " \"kafka\": {\"bootstrapServers\": \"k:9092\"}, \"redis\": " + redis + ","
        + " \"worker\": {\"input\": " + input + ", \"processors\": " + processors + "}}");
    return ConfigValidator.validate(doc).stream().map(ConfigProblem::toString).collect(Collectors.toList());
  }

  private static final String CLUSTER = "{\"url\": \"redis://h1:7000,h2:7001\", \"cluster\": true}";
  private static final String SINGLE = "{\"url\": \"redis://h1:7000\"}";
  private static final String TOPIC = "{\"topic\": {\"name\": \"in\"}}";

  @Test
  void chainsWhoseNamesStartWithTheSameFieldRunOnACluster() {
    assertThat(problems(CLUSTER, TOPIC, "[{\"cacheLatest\": {\"key\": \"md:{symbol}:latest\"}},"
        + " {\"publish\": {\"channel\": \"tasks:md:{symbol}\"}}, {\"store\": {\"key\": \"md:{symbol}:h:{ts}\"}},"
        + " {\"filter\": {\"field\": \"x\", \"op\": \"exists\"}}]")).isEmpty();
    assertThat(problems(CLUSTER, TOPIC, "[{\"dedupe\": {\"key\": \"payments:seen:{payment_id}\", \"ttl\": \"1h\"}},"
        + " {\"aggregate\": {\"key\": \"payments:by_id:{payment_id}\", \"count\": true, \"sum\": [\"amount\"]}}]"))
        .isEmpty();
    assertThat(problems(CLUSTER, TOPIC, "[{\"aggregate\": {\"key\": \"calls:stats\", \"count\": true}}]")).isEmpty();
  }

  @Test
  void refusesAChainWhoseKeysCannotShareASlotNamingProcessorAndTemplate() {
    String chain = "[{\"dedupe\": {\"key\": \"payments:seen:{payment_id}\"}},"
        + " {\"aggregate\": {\"key\": \"merchant:{merchant}:totals\", \"count\": true}}]";
    assertThat(problems(CLUSTER, TOPIC, chain)).containsExactly(
        "worker.processors[1].aggregate.key: on a Redis Cluster every key of one record must be in one slot:"
            + " \"merchant:{merchant}:totals\" starts with field \"merchant\", worker.processors[0].dedupe.key"
            + " \"payments:seen:{payment_id}\" starts with field \"payment_id\" (put the same field first in both)");
    // the same chain is fine on one server
    assertThat(problems(SINGLE, TOPIC, chain)).isEmpty();

    assertThat(problems(CLUSTER, TOPIC, "[{\"cacheLatest\": {\"key\": \"calls:{call_id}\"}},"
        + " {\"publish\": {\"channel\": \"calls:all\"}}]")).containsExactly(
        "worker.processors[1].publish.channel: on a Redis Cluster every key of one record must be in one slot:"
            + " \"calls:all\" has no {field}, worker.processors[0].cacheLatest.key \"calls:{call_id}\" starts with"
            + " field \"call_id\" (give both the same first {field})");
  }

  @Test
  void constantNamesAreJudgedByTheSlotOfTheirPrefixedNames() {
    // one slot as written, two once prefixed: the worker writes the prefixed names
    assertThat(SlotHash.getSlot("calls:k3")).isEqualTo(SlotHash.getSlot("calls:k350"));
    assertThat(SlotHash.getSlot("ns.p:calls:k3")).isNotEqualTo(SlotHash.getSlot("ns.p:calls:k350"));
    String chain = "[{\"aggregate\": {\"key\": \"calls:k3\", \"count\": true}}, {\"store\": {\"key\": \"calls:k350\"}}]";
    assertThat(problems(CLUSTER, TOPIC, chain)).isEmpty();
    assertThat(problems("{\"url\": \"redis://h1:7000,h2:7001\", \"cluster\": true, \"keyPrefix\": \"ns.p:\"}", TOPIC,
        chain)).singleElement().asString().contains("are constant names in different slots");
  }

  @Test
  void constantNamesMustFallInOneSlot() {
    assertThat(SlotHash.getSlot("calls:stats")).isNotEqualTo(SlotHash.getSlot("calls:total"));
    assertThat(problems(CLUSTER, TOPIC, "[{\"aggregate\": {\"key\": \"calls:stats\", \"count\": true}},"
        + " {\"store\": {\"key\": \"calls:total\"}}]")).containsExactly(
        "worker.processors[1].store.key: on a Redis Cluster every key of one record must be in one slot:"
            + " \"calls:total\" and worker.processors[0].aggregate.key \"calls:stats\" are constant names in different slots");
  }

  @Test
  void acceptsTheStreamInputOnACluster() {
    // the chain's keys need not share the stream's slot: the per-slot applied set replaces the in-script XACK
    assertThat(problems(CLUSTER, "{\"redisStream\": {\"stream\": \"s\", \"group\": \"g\"}}",
        "[{\"aggregate\": {\"key\": \"calls:stats\", \"count\": true}}]")).isEmpty();
  }

  @Test
  void clusterMustBeABoolean() {
    assertThat(problems("{\"url\": \"redis://h:1\", \"cluster\": \"yes\"}", TOPIC, "[{\"log\": {}}]"))
        .containsExactly("redis.cluster: \"yes\" is not true or false");
  }

  @Test
  void theFirstFieldBecomesTheHashTag() {
    RecordTemplate key = RecordTemplate.compile("md:{symbol}:{ts}").withHashTag();
    JsonNode record = ExampleConfigs.parse("{\"symbol\": \"AAPL\", \"ts\": 5}");
    assertThat(key.resolve(record)).isEqualTo("md:{AAPL}:5");
    assertThat(SlotHash.getSlot(key.resolve(record))).isEqualTo(SlotHash.getSlot("AAPL"));
    assertThat(RecordTemplate.compile("calls:stats").withHashTag().resolve(record)).isEqualTo("calls:stats");
    assertThat(RecordTemplate.compile("md:{symbol}").resolve(record)).isEqualTo("md:AAPL");
  }

  @Test
  void aBraceInTheTagValueFailsTheRecord() {
    RecordTemplate key = RecordTemplate.compile("md:{symbol}:latest").withHashTag();
    assertThatThrownBy(() -> key.resolve(ExampleConfigs.parse("{\"symbol\": \"A}x\"}")))
        .isInstanceOf(RecordTemplate.UnsafeValueException.class)
        .hasMessageContaining("field \"symbol\" holds \"A}x\", which has '}' at position 1");
    // without the tag a brace is a value like any other (one server has no slots)
    assertThat(RecordTemplate.compile("md:{symbol}:latest").resolve(ExampleConfigs.parse("{\"symbol\": \"A}x\"}")))
        .isEqualTo("md:A}x:latest");
  }
}
