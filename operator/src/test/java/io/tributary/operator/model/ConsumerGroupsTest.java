package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #11 §1.6: consumer group names per kind, and the refusal of a shared group. */
class ConsumerGroupsTest {
  static Worker worker(String name, String pipeline, String group, String created) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: %s, namespace: default, creationTimestamp: "%s"}
        spec:
          pipeline: %s
          input: {topic: {name: market-data-stream%s}}
          processors: [{log: {}}]
        """.formatted(name, created, pipeline, group == null ? "" : ", consumerGroup: " + group), Worker.class);
  }

  static EtlSchedule etl(String name, String pipeline, String group, String created) {
    return Serialization.unmarshal("""
        apiVersion: tributary.io/v1alpha1
        kind: EtlSchedule
        metadata: {name: %s, namespace: default, creationTimestamp: "%s"}
        spec:
          pipeline: %s
          schedule: "*/15 * * * *"
          extract: {topic: {name: market-data-stream%s}}
          load: {redisHash: {key: "k:{symbol}"}}
        """.formatted(name, created, pipeline, group == null ? "" : ", consumerGroup: " + group), EtlSchedule.class);
  }

  static final String T1 = "2026-11-22T07:00:00Z";
  static final String T2 = "2026-11-22T08:00:00Z";

  @Test
  void aWorkerAndAnEtlScheduleOfTheSameNameGetDifferentGroupsAndTheWorkerKeepsItsOldOne() {
    var worker = ConsumerGroups.of(worker("rollup", "market-data", null, T1)).orElseThrow();
    var etl = ConsumerGroups.of(etl("rollup", "market-data", null, T1)).orElseThrow();

    assertThat(worker.group()).isEqualTo("market-data.rollup");
    assertThat(etl.group()).isEqualTo("market-data.etl.rollup");
    assertThat(ConsumerGroups.conflict(etl, List.of(worker, etl))).isEmpty();
    assertThat(ConsumerGroups.conflict(worker, List.of(worker, etl))).isEmpty();
  }

  @Test
  void anExplicitGroupThatIsAnotherComponentsIsRefusedOnTheLaterOneNamingTheOther() {
    var worker = ConsumerGroups.of(worker("cache-writer", "market-data", null, T1)).orElseThrow();
    var etl = ConsumerGroups.of(etl("rollup", "market-data", "market-data.cache-writer", T2)).orElseThrow();

    assertThat(ConsumerGroups.conflict(etl, List.of(worker, etl))).contains(
        "spec.extract.topic.consumerGroup: consumer group \"market-data.cache-writer\" is already the consumer group of"
            + " Worker cache-writer in Pipeline market-data: two components in one group take each other's offsets;"
            + " give one of them its own group");
    assertThat(ConsumerGroups.conflict(worker, List.of(worker, etl))).as("the earlier one keeps running").isEmpty();
  }

  @Test
  void aDefaultGroupTakenByAnEarlierExplicitOneIsRefusedToo() {
    var etl = ConsumerGroups.of(etl("rollup", "market-data", "market-data.writer", T1)).orElseThrow();
    var worker = ConsumerGroups.of(worker("writer", "market-data", null, T2)).orElseThrow();

    assertThat(ConsumerGroups.conflict(worker, List.of(etl, worker))).hasValueSatisfying(m -> assertThat(m)
        .startsWith("the default consumer group \"market-data.writer\" (set spec.input.topic.consumerGroup to choose another)")
        .contains("EtlSchedule rollup"));
  }

  @Test
  void createdInTheSameSecondTheWorkerKeepsTheGroup() {
    var worker = ConsumerGroups.of(worker("writer", "market-data", null, T1)).orElseThrow();
    var etl = ConsumerGroups.of(etl("a-rollup", "market-data", "market-data.writer", T1)).orElseThrow();

    assertThat(ConsumerGroups.conflict(worker, List.of(worker, etl))).isEmpty();
    assertThat(ConsumerGroups.conflict(etl, List.of(worker, etl))).isPresent();
  }

  @Test
  void twoWorkersInOneGroupAreACollisionOtherPipelinesAndRedisStreamsAreNot() {
    var first = ConsumerGroups.of(worker("a", "market-data", "shared", T1)).orElseThrow();
    var second = ConsumerGroups.of(worker("b", "market-data", "shared", T2)).orElseThrow();
    var elsewhere = ConsumerGroups.of(worker("c", "payments", "shared", T1)).orElseThrow();

    assertThat(ConsumerGroups.conflict(second, List.of(first, second))).hasValueSatisfying(m -> assertThat(m).contains("Worker a"));
    assertThat(ConsumerGroups.conflict(second, List.of(elsewhere, second))).isEmpty();
    Worker stream = worker("s", "market-data", null, T1);
    stream.getSpec().getInput().setTopic(null);
    assertThat(ConsumerGroups.of(stream)).isEmpty();
  }
}
