package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

class PipelineRewriterTest {
  private final PipelineRewriter rewriter = new PipelineRewriter("127.0.0.1:40123", "redis://127.0.0.1:40555/0");

  @Test
  void pointsAStrimziPipelineAtTheEmbeddedKafkaAndRedisAndSaysSo() throws Exception {
    ObjectNode pipeline = yaml("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: market-data}
        spec:
          kafka:
            strimzi: {cluster: my-cluster, namespace: kafka}
            authentication: {type: scram-sha-512, secretRef: {name: kafka-user}}
          redis: {urlSecretRef: {name: redis, key: url}}
          topics: [{name: market-data-stream, partitions: 6}]
        """);

    var note = rewriter.rewrite(pipeline);

    assertThat(pipeline.at("/spec/kafka").toString()).isEqualTo("{\"bootstrapServers\":\"127.0.0.1:40123\"}");
    assertThat(pipeline.at("/spec/redis").toString()).isEqualTo("{\"url\":\"redis://127.0.0.1:40555/0\"}");
    assertThat(pipeline.at("/spec/topics/0/partitions").asInt()).isEqualTo(6);
    assertThat(note).hasValueSatisfying(text -> assertThat(text)
        .startsWith("Pipeline default/market-data: spec.kafka {\"strimzi\":{\"cluster\":\"my-cluster\"")
        .contains("-> {\"bootstrapServers\":\"127.0.0.1:40123\"}")
        .contains("spec.redis {\"urlSecretRef\""));
  }

  @Test
  void onARedisClusterThePipelineGetsTheSeedNodesAndClusterTrueInAnApplyAndInAPatch() throws Exception {
    PipelineRewriter onCluster = new PipelineRewriter("127.0.0.1:40123", "redis://127.0.0.1:7001,127.0.0.1:7002", true);
    ObjectNode pipeline = yaml("""
        apiVersion: tributary.io/v1alpha1
        kind: Pipeline
        metadata: {name: payments}
        spec:
          kafka: {bootstrapServers: "kafka:9092"}
          redis: {url: "redis://redis:6379/0", cluster: false, keyPrefix: "pay:"}
        """);

    assertThat(onCluster.rewrite(pipeline)).hasValueSatisfying(note -> assertThat(note)
        .contains("-> {\"url\":\"redis://127.0.0.1:7001,127.0.0.1:7002\",\"cluster\":true}"));
    assertThat(pipeline.at("/spec/redis").toString())
        .isEqualTo("{\"url\":\"redis://127.0.0.1:7001,127.0.0.1:7002\",\"cluster\":true}");

    ObjectNode patch = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
        {"spec": {"redis": {"url": "redis://elsewhere:6379", "cluster": false}}}""");
    assertThat(onCluster.rewritePatch(patch)).isTrue();
    assertThat(patch.at("/spec/redis").toString())
        .isEqualTo("{\"url\":\"redis://127.0.0.1:7001,127.0.0.1:7002\",\"cluster\":true}");
    assertThat(rewriter.rewritePatch(patch)).as("one server: the cluster flag is removed").isTrue();
    assertThat(patch.at("/spec/redis").toString()).isEqualTo("{\"url\":\"redis://127.0.0.1:40555/0\",\"cluster\":null}");
  }

  @Test
  void leavesOtherKindsAlone() throws Exception {
    ObjectNode worker = yaml("""
        apiVersion: tributary.io/v1alpha1
        kind: Worker
        metadata: {name: w}
        spec: {pipeline: p}
        """);
    String before = worker.toString();
    assertThat(rewriter.rewrite(worker)).isEmpty();
    assertThat(worker.toString()).isEqualTo(before);
  }

  private static ObjectNode yaml(String text) throws Exception {
    return (ObjectNode) new YAMLMapper().readTree(text);
  }

  @Test
  void aMergePatchSettingKafkaOrRedisKeepsTheSandboxsAddresses() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode patch = (com.fasterxml.jackson.databind.node.ObjectNode)
        new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
            {"spec": {"kafka": {"strimzi": {"cluster": "my-cluster"}, "bootstrapServers": null},
                      "redis": {"urlSecretRef": {"name": "r", "key": "url"}}, "topics": []}}""");

    org.assertj.core.api.Assertions.assertThat(rewriter.rewritePatch(patch)).isTrue();

    org.assertj.core.api.Assertions.assertThat(patch.toString()).isEqualTo(
        "{\"spec\":{\"kafka\":{\"strimzi\":null,\"bootstrapServers\":\"127.0.0.1:40123\"},"
            + "\"redis\":{\"urlSecretRef\":null,\"url\":\"redis://127.0.0.1:40555/0\"},\"topics\":[]}}");
    com.fasterxml.jackson.databind.node.ObjectNode unrelated = (com.fasterxml.jackson.databind.node.ObjectNode)
        new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"metadata\": {\"labels\": {\"a\": \"b\"}}}");
    org.assertj.core.api.Assertions.assertThat(rewriter.rewritePatch(unrelated)).isFalse();
  }
}
