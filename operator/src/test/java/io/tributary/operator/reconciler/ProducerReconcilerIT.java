package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.HttpAuth;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.operator.model.PodTemplates;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProducerReconcilerIT {
  static MockCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    cluster = MockCluster.start(true);
    client = cluster.client();
    cluster.startOperator(Fixtures.FAST_RECHECKS);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void createsConfigMapDeploymentAndServiceOwnedByTheProducer() {
    client.resource(Fixtures.strimziPipeline("md1")).create();
    Producer producer = client.resource(Fixtures.marketDataProducer("feed1", "md1")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(deployment("feed1-producer")).isNotNull();
      assertThat(client.configMaps().inNamespace(NAMESPACE).withName("feed1-producer-config").get()).isNotNull();
      assertThat(client.services().inNamespace(NAMESPACE).withName("feed1-producer").get()).isNotNull();
    });
    Deployment deployment = deployment("feed1-producer");
    assertThat(deployment.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> {
          assertThat(ref.getKind()).isEqualTo("Producer");
          assertThat(ref.getUid()).isEqualTo(producer.getMetadata().getUid());
          assertThat(ref.getController()).isTrue();
        });
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "tributary-producer")
        .containsEntry("app.kubernetes.io/instance", "feed1")
        .containsEntry("app.kubernetes.io/component", "producer")
        .containsEntry("app.kubernetes.io/part-of", "tributary")
        .containsEntry("app.kubernetes.io/managed-by", "tributary-operator")
        .containsEntry("tributary.io/pipeline", "md1");
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs()).containsExactly("producer");
    assertThat(container.getImage()).isEqualTo("ghcr.io/tributary-io/pipeline-runtime:0.1.0");
    ConfigMap config = client.configMaps().inNamespace(NAMESPACE).withName("feed1-producer-config").get();
    assertThat(config.getData().get("config.json"))
        .contains("\"bootstrapServers\" : \"my-cluster-kafka-bootstrap.default.svc:9092\"")
        .contains("\"topic\" : \"market-data-stream\"")
        .contains("\"role\" : \"producer\"");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
            .filteredOn(e -> "feed1".equals(e.getInvolvedObject().getName()) && "Producer".equals(e.getInvolvedObject().getKind()))
            .extracting(e -> e.getReason() + ": " + e.getMessage())
            .contains("Created: created ConfigMap feed1-producer-config", "Created: created Deployment feed1-producer",
                "Created: created Service feed1-producer"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Producer live = client.resources(Producer.class).inNamespace(NAMESPACE).withName("feed1").get();
      assertThat(live.getStatus()).isNotNull();
      assertThat(live.getStatus().getObservedGeneration()).isEqualTo(live.getMetadata().getGeneration());
      var ready = live.getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("PodsNotReady");
      assertThat(ready.getMessage()).isEqualTo("0/1 pods ready");
    });
  }

  @Test
  void becomesReadyWhenThePodsAreReady() {
    client.resource(Fixtures.strimziPipeline("md2")).create();
    client.resource(Fixtures.marketDataProducer("feed2", "md2")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("feed2-producer") != null);

    // what the Deployment controller would report
    Deployment d = deployment("feed2-producer");
    d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
    client.resource(d).updateStatus();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Producer live = client.resources(Producer.class).inNamespace(NAMESPACE).withName("feed2").get();
      assertThat(live.getStatus().condition("Ready").getStatus()).isEqualTo("True");
      assertThat(live.getStatus().getReadyReplicas()).isEqualTo(1);
    });
  }

  @Test
  void anUpdateOfTheProducerUpdatesItsChildren() {
    client.resource(Fixtures.strimziPipeline("md3")).create();
    client.resource(Fixtures.marketDataProducer("feed3", "md3")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("feed3-producer") != null);
    String hashBefore = configHash(deployment("feed3-producer"));

    cluster.edit(Producer.class, "feed3", p -> {
      p.getSpec().setReplicas(3);
      p.getSpec().getSource().getMarketData().setIntervalMs(250);
      return p;
    });

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Deployment d = deployment("feed3-producer");
      assertThat(d.getSpec().getReplicas()).isEqualTo(3);
      assertThat(configHash(d)).isNotEqualTo(hashBefore);
      assertThat(client.configMaps().inNamespace(NAMESPACE).withName("feed3-producer-config").get()
          .getData().get("config.json")).contains("\"intervalMs\" : 250");
    });
  }

  @Test
  void anHttpProducerGetsAnIngestPortAndItsTokenFromASecret() {
    client.resource(Fixtures.secret("ingest-token", true, java.util.Map.of("token", "t0ken"))).createOr(r -> r.update());
    client.resource(Fixtures.plainPipeline("pay1", "Retain")).create();
    client.resource(Fixtures.httpProducer("api1", "pay1")).create();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> client.services().inNamespace(NAMESPACE).withName("api1-producer").get() != null);

    var container = deployment("api1-producer").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("metrics:9404", "http:8080");
    assertThat(container.getEnv()).singleElement().satisfies(env -> {
      assertThat(env.getName()).isEqualTo("TRIBUTARY_HTTP_TOKEN");
      assertThat(env.getValue()).isNull();
      assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ingest-token");
      assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
    });
    Service service = client.services().inNamespace(NAMESPACE).withName("api1-producer").get();
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactly("metrics:9404", "http:8080");
    Producer live = client.resources(Producer.class).inNamespace(NAMESPACE).withName("api1").get();
    assertThat(live.getStatus() == null ? null : live.getStatus().condition(ProducerReconciler.INGEST_AUTHENTICATION))
        .as("a token is set: no warning").isNull();
  }

  @Test
  void anHttpProducerWithAuthNoneIsDeployedWithAWarningConditionAndEventUntilATokenIsSet() {
    client.resource(Fixtures.plainPipeline("pay4", "Retain")).create();
    Producer open = Fixtures.httpProducer("api4", "pay4");
    open.getSpec().getSource().getHttp().setTokenSecretRef(null);
    open.getSpec().getSource().getHttp().setAuth(HttpAuth.NONE);
    client.resource(open).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Producer live = client.resources(Producer.class).inNamespace(NAMESPACE).withName("api4").get();
      assertThat(live.getStatus()).isNotNull();
      var warning = live.getStatus().condition(ProducerReconciler.INGEST_AUTHENTICATION);
      assertThat(warning).isNotNull();
      assertThat(warning.getStatus()).isEqualTo("False");
      assertThat(warning.getReason()).isEqualTo("AuthenticationDisabled");
      assertThat(warning.getMessage()).isEqualTo("spec.source.http.auth: none: port 8080 accepts records from anyone"
          + " who reaches it, without a token; set auth: token and tokenSecretRef to require one");
      assertThat(live.getStatus().condition("Ready").getReason()).isEqualTo("PodsNotReady");
    });
    assertThat(deployment("api4-producer").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(e -> e.getName()).doesNotContain("TRIBUTARY_HTTP_TOKEN");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
            .filteredOn(e -> "api4".equals(e.getInvolvedObject().getName()) && "Producer".equals(e.getInvolvedObject().getKind()))
            .filteredOn(e -> "AuthenticationDisabled".equals(e.getReason()))
            .singleElement()
            .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));

    client.resource(Fixtures.secret("ingest-token", true, java.util.Map.of("token", "t0ken"))).createOr(r -> r.update());
    cluster.edit(Producer.class, "api4", p -> {
      p.getSpec().getSource().getHttp().setAuth(HttpAuth.TOKEN);
      p.getSpec().getSource().getHttp().setTokenSecretRef(
          Fixtures.httpProducer("x", "pay4").getSpec().getSource().getHttp().getTokenSecretRef());
      return p;
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Producer live = client.resources(Producer.class).inNamespace(NAMESPACE).withName("api4").get();
      assertThat(live.getStatus().getObservedGeneration()).isEqualTo(live.getMetadata().getGeneration());
      assertThat(live.getStatus().condition(ProducerReconciler.INGEST_AUTHENTICATION)).isNull();
      assertThat(deployment("api4-producer").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
          .extracting(e -> e.getName()).contains("TRIBUTARY_HTTP_TOKEN");
    });
  }

  @Test
  void anHttpProducerWithoutTokenOrAuthNoneIsRefusedWhereNoCelRuleRan() {
    // the mock API server runs no CEL: as an object stored before the rule existed
    client.resource(Fixtures.plainPipeline("pay5", "Retain")).create();
    Producer noToken = Fixtures.httpProducer("api5", "pay5");
    noToken.getSpec().getSource().getHttp().setTokenSecretRef(null);
    noToken.getSpec().getSource().getHttp().setAuth(null);
    client.resource(noToken).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Producer live = client.resources(Producer.class).inNamespace(NAMESPACE).withName("api5").get();
      assertThat(live.getStatus()).isNotNull();
      var ready = live.getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("InvalidConfig");
      assertThat(ready.getMessage()).startsWith("spec.source.http.tokenSecretRef: required with auth: token (the default)");
    });
    assertThat(deployment("api5-producer")).isNull();
  }

  /**
   * Issue 14: the token Secret has not opted in (no {@code tributary.io/usable-by-pipelines:
   * "true"}): the Producer is refused, nothing is applied; labelling the Secret is enough.
   */
  @Test
  void aTokenSecretWithoutTheOptInLabelIsRefusedUntilItIsLabelled() {
    Producer producer = Fixtures.httpProducer("api2", "pay2");
    producer.getSpec().getSource().getHttp().getTokenSecretRef().setName("api2-token");
    client.resource(Fixtures.secret("api2-token", false, java.util.Map.of("token", "t0ken"))).create();
    client.resource(Fixtures.plainPipeline("pay2", "Retain")).create();
    client.resource(producer).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = client.resources(Producer.class).inNamespace(NAMESPACE).withName("api2").get().getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("SecretNotUsable");
      assertThat(ready.getMessage()).isEqualTo("spec.source.http.tokenSecretRef of Producer \"api2\": Secret"
          + " \"api2-token\" in namespace \"default\" does not carry the label tributary.io/usable-by-pipelines:"
          + " \"true\"; the operator neither reads it nor gives it to pods (add it with: kubectl -n default label"
          + " secret api2-token tributary.io/usable-by-pipelines=true)");
    });
    assertThat(deployment("api2-producer")).isNull();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("api2-producer-config").get()).isNull();
    assertThat(client.services().inNamespace(NAMESPACE).withName("api2-producer").get()).isNull();

    client.secrets().inNamespace(NAMESPACE).withName("api2-token").edit(secret -> {
      secret.getMetadata().setLabels(java.util.Map.of("tributary.io/usable-by-pipelines", "true"));
      return secret;
    });
    // Secrets are not watched: the refused Producer is looked at again (Rechecks#refused)
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      assertThat(deployment("api2-producer")).isNotNull();
      assertThat(client.resources(Producer.class).inNamespace(NAMESPACE).withName("api2").get().getStatus()
          .condition("Ready").getReason()).isNotEqualTo("SecretNotUsable");
    });
  }

  @Test
  void aMissingPipelineIsReportedAndNothingIsCreated() {
    client.resource(Fixtures.marketDataProducer("orphan", "no-such-pipeline")).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Producer live = client.resources(Producer.class).inNamespace(NAMESPACE).withName("orphan").get();
      var ready = live.getStatus().condition("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("PipelineNotFound");
      assertThat(ready.getMessage()).isEqualTo("spec.pipeline: Pipeline \"no-such-pipeline\" not found in namespace \"default\"");
    });
    assertThat(deployment("orphan-producer")).isNull();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("orphan-producer-config").get()).isNull();

    // the Pipeline appears: the Producer is reconciled again and deployed
    Pipeline pipeline = Fixtures.strimziPipeline("no-such-pipeline");
    client.resource(pipeline).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("orphan-producer") != null);
  }

  @Test
  void aTopicTheProducerDoesNotDeclareIsReportedAndNothingIsCreated() {
    client.resource(Fixtures.strimziPipeline("md4")).create();
    Producer producer = Fixtures.marketDataProducer("stray", "md4");
    producer.getSpec().setTopic("not-declared");
    client.resource(producer).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = client.resources(Producer.class).inNamespace(NAMESPACE).withName("stray").get().getStatus().condition("Ready");
      assertThat(ready.getReason()).isEqualTo("TopicNotDeclared");
      assertThat(ready.getMessage()).isEqualTo(
          "spec.topic: topic \"not-declared\" is not declared in Pipeline \"md4\" (declared: market-data-stream, md4.dlq)");
    });
    assertThat(deployment("stray-producer")).isNull();
  }

  @Test
  void aBadSpecAfterDeploymentChangesNothingDownstream() {
    client.resource(Fixtures.strimziPipeline("md5")).create();
    client.resource(Fixtures.marketDataProducer("feed5", "md5")).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> deployment("feed5-producer") != null);
    String before = deployment("feed5-producer").getMetadata().getResourceVersion();

    cluster.edit(Producer.class, "feed5", p -> {
      p.getSpec().setTopic("elsewhere");
      p.getSpec().setReplicas(5);
      return p;
    });

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(client.resources(Producer.class).inNamespace(NAMESPACE).withName("feed5").get()
            .getStatus().condition("Ready").getReason()).isEqualTo("TopicNotDeclared"));
    assertThat(deployment("feed5-producer").getMetadata().getResourceVersion()).isEqualTo(before);
    assertThat(deployment("feed5-producer").getSpec().getReplicas()).isEqualTo(1);
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  static String configHash(Deployment d) {
    return d.getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplates.CONFIG_HASH_ANNOTATION);
  }
}
