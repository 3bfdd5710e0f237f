package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.tributary.operator.model.UpstreamKind;
import io.tributary.api.schema.CrdSchemaRegistry;
import io.tributary.api.v1alpha1.AutoscalingEngine;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.FilterOperator;
import io.tributary.api.v1alpha1.FilterRule;
import io.tributary.api.v1alpha1.ForwardProcessor;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Processor;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkerReconcilerIT {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    cluster.startOperator();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void createsChildrenWithSpecReplicasAndTheScaleSelector() {
    client.resource(Fixtures.strimziPipeline("w1")).create();
    client.resource(Fixtures.cacheWorker("cache1", "w1")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(deployment("cache1-worker")).isNotNull();
      assertThat(client.services().inNamespace(NAMESPACE).withName("cache1-worker").get()).isNotNull();
    });
    assertThat(deployment("cache1-worker").getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment("cache1-worker").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("worker");
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("cache1-worker-config").get().getData().get("config.json"))
        .contains("\"url\" : \"redis://redis.default.svc:6379/0\"")
        .contains("\"deadLetterTopic\" : \"w1.dlq\"")
        .contains("\"cacheLatest\"");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Worker live = worker("cache1");
      assertThat(live.getStatus().getSelector())
          .isEqualTo("app.kubernetes.io/name=tributary-worker,app.kubernetes.io/instance=cache1");
      assertThat(live.getStatus().condition("Ready").getMessage()).isEqualTo("0/2 pods ready");
    });
  }

  @Test
  void aPipelineChangeTheWorkerUsesRollsItsPodsAndOneItDoesNotUseLeavesThemAlone() {
    client.resource(Fixtures.strimziPipeline("w2")).create();
    client.resource(Fixtures.cacheWorker("cache2", "w2")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("cache2-worker") != null);
    Deployment before = deployment("cache2-worker");

    // not used by the worker: monitoring and partitions
    double reconciled = cluster.reconciliations("Worker");
    cluster.edit(Pipeline.class, "w2", p -> {
      p.getSpec().getMonitoring().getPodMonitor().setEnabled(false);
      p.getSpec().getTopics().get(0).setPartitions(12);
      return p;
    });
    // the worker is reconciled against the new Pipeline generation and changes nothing
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.reconciliations("Worker") > reconciled);
    assertThat(deployment("cache2-worker").getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());

    // used by the worker: the Redis URL
    cluster.edit(Pipeline.class, "w2", p -> {
      p.getSpec().getRedis().setUrl("redis://redis-2.default.svc:6379/0");
      return p;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Deployment after = deployment("cache2-worker");
      assertThat(ProducerReconcilerIT.configHash(after)).isNotEqualTo(ProducerReconcilerIT.configHash(before));
      assertThat(client.configMaps().inNamespace(NAMESPACE).withName("cache2-worker-config").get().getData()
          .get("config.json")).contains("redis-2.default.svc");
    });
  }

  @Test
  void withAutoscalingTheReplicasOfTheDeploymentBelongToTheAutoscaler() {
    client.resource(Fixtures.strimziPipeline("w3")).create();
    Worker worker = Fixtures.cacheWorker("cache3", "w3");
    worker.getSpec().setAutoscaling(new WorkerAutoscaling());
    client.resource(worker).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("cache3-worker") != null);

    // the autoscaler sets 5
    client.apps().deployments().inNamespace(NAMESPACE).withName("cache3-worker").scale(5);
    // a change of the Worker that rolls the pods must keep the 5
    cluster.edit(Worker.class, "cache3", w -> {
      w.getSpec().getErrorPolicy().setMaxAttempts(7);
      return w;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("cache3-worker-config").get().getData()
            .get("config.json")).contains("\"maxAttempts\" : 7"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Deployment d = deployment("cache3-worker");
      assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations().get("tributary.io/config-hash")).isNotNull();
      assertThat(d.getSpec().getReplicas()).isEqualTo(5);
    });
  }

  @Test
  void withTheKedaEngineAScaledObjectScalesTheDeploymentAndLeavingKedaRemovesIt() throws Exception {
    client.resource(Fixtures.strimziPipeline("w6")).create();
    Worker worker = Fixtures.cacheWorker("cache6", "w6");
    WorkerAutoscaling autoscaling = new WorkerAutoscaling();
    autoscaling.setEngine(AutoscalingEngine.KEDA);
    autoscaling.setLagThreshold(250L);
    worker.getSpec().setAutoscaling(autoscaling);
    client.resource(worker).create();

    var scaledObjects = client.genericKubernetesResources(UpstreamResources.context(UpstreamKind.SCALED_OBJECT)).inNamespace(NAMESPACE);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      GenericKubernetesResource scaled = scaledObjects.withName("cache6-worker").get();
      assertThat(scaled).isNotNull();
      assertThat(CrdSchemaRegistry.load(MockCluster.schemas()).validateValue(scaled)).isEmpty();
      assertThat(scaled.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getName()).isEqualTo("cache6"));
      assertThat(worker("cache6").getStatus().condition(WorkerReconciler.KEDA).getStatus()).isEqualTo("True");
    });
    assertThat(deployment("cache6-worker").getSpec().getReplicas()).as("KEDA's HPA owns the replicas").isNull();

    cluster.edit(Worker.class, "cache6", w -> {
      w.getSpec().getAutoscaling().setEngine(AutoscalingEngine.BUILTIN);
      return w;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(scaledObjects.withName("cache6-worker").get()).isNull();
      assertThat(worker("cache6").getStatus().condition(WorkerReconciler.KEDA)).isNull();
    });
  }

  @Test
  void aForwardToAnUndeclaredTopicIsReportedWithItsPath() {
    client.resource(Fixtures.strimziPipeline("w4")).create();
    Worker worker = Fixtures.cacheWorker("fwd", "w4");
    Processor forward = new Processor();
    ForwardProcessor f = new ForwardProcessor();
    f.setTopic("nowhere");
    forward.setForward(f);
    var processors = new ArrayList<>(worker.getSpec().getProcessors());
    processors.add(forward);
    worker.getSpec().setProcessors(processors);
    client.resource(worker).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = worker("fwd").getStatus().condition("Ready");
      assertThat(ready.getReason()).isEqualTo("TopicNotDeclared");
      assertThat(ready.getMessage()).startsWith("spec.processors[2].forward.topic: topic \"nowhere\" is not declared");
    });
    assertThat(deployment("fwd-worker")).isNull();
  }

  @Test
  void aConfigurationTheRuntimeRefusesIsReportedWithTheSpecPath() {
    client.resource(Fixtures.strimziPipeline("w5")).create();
    Worker worker = Fixtures.cacheWorker("badttl", "w5");
    worker.getSpec().getProcessors().get(0).getCacheLatest().setTtl("5 minutes");
    client.resource(worker).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = worker("badttl").getStatus().condition("Ready");
      assertThat(ready.getReason()).isEqualTo("InvalidConfig");
      assertThat(ready.getMessage()).contains("spec.processors[0].cacheLatest.ttl").contains("5 minutes");
    });
    assertThat(deployment("badttl-worker")).isNull();
  }

  @Test
  void aFilterWithoutAValueIsReportedWithItsPath() {
    // no CRD rule can refuse it: value has no schema type, so CEL cannot see it (see FilterRule)
    client.resource(Fixtures.strimziPipeline("w7")).create();
    Worker worker = Fixtures.cacheWorker("novalue", "w7");
    Processor filter = new Processor();
    FilterRule rule = new FilterRule();
    rule.setField("price");
    rule.setOp(FilterOperator.GT);
    filter.setFilter(rule);
    worker.getSpec().setProcessors(List.of(filter));
    client.resource(worker).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = worker("novalue").getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("InvalidConfig");
      assertThat(ready.getMessage()).contains("spec.processors[0].filter.value", "is required with op gt");
    });
    assertThat(deployment("novalue-worker")).isNull();
  }

  /**
   * Issue 14: a Pipeline author points redis.url at their own host and names a Secret of the
   * namespace as the password. The Secret did not opt in: neither the Pipeline nor its Worker is
   * applied, so no pod ever sends it anywhere.
   */
  @Test
  void aRedisPasswordSecretWithoutTheOptInLabelIsGivenToNoPod() {
    client.resource(Fixtures.secret("someone-elses-secret", false, java.util.Map.of("password", "s3cret"))).create();
    Pipeline pipeline = Fixtures.strimziPipeline("w9");
    pipeline.getSpec().getRedis().setUrl("redis://attacker.example:6379/0");
    io.tributary.api.v1alpha1.SecretKeyReference ref = new io.tributary.api.v1alpha1.SecretKeyReference();
    ref.setName("someone-elses-secret");
    ref.setKey("password");
    pipeline.getSpec().getRedis().setPasswordSecretRef(ref);
    client.resource(pipeline).create();
    client.resource(Fixtures.cacheWorker("cache9", "w9")).create();

    String expected = "spec.redis.passwordSecretRef of Pipeline \"w9\": Secret \"someone-elses-secret\" in namespace"
        + " \"default\" does not carry the label tributary.io/usable-by-pipelines: \"true\"";
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var workerReady = worker("cache9").getStatus().condition("Ready");
      assertThat(workerReady.getReason()).isEqualTo("SecretNotUsable");
      assertThat(workerReady.getMessage()).startsWith(expected);
      var pipelineReady = client.resources(Pipeline.class).inNamespace(NAMESPACE).withName("w9").get().getStatus()
          .condition("Ready");
      assertThat(pipelineReady.getStatus()).isEqualTo("False");
      assertThat(pipelineReady.getReason()).isEqualTo("SecretNotUsable");
      assertThat(pipelineReady.getMessage()).startsWith(expected);
    });
    assertThat(deployment("cache9-worker")).isNull();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("cache9-worker-config").get()).isNull();
  }

  private static Worker worker(String name) {
    return client.resources(Worker.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }
}
