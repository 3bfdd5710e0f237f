package io.tributary.operator.reconciler;

import static io.tributary.operator.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.api.v1alpha1.ConfigMapKeyReference;
import io.tributary.api.v1alpha1.CsvExtract;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.MockCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An EtlSchedule extracting a CSV file from a ConfigMap (issue #11 §1.13): the operator mounts the
 * ConfigMap and hands the runtime the file's path; its own validation must not then count the
 * user's {@code configMap} and the operator's {@code path} as two sources.
 */
class EtlCsvConfigMapIT {
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
  void aCsvConfigMapExtractGetsItsCronJobAndIsReady() {
    client.resource(Fixtures.strimziPipeline("csv1")).create();
    EtlSchedule etl = Fixtures.etl("rollup-csv", "csv1");
    etl.getSpec().getExtract().setTopic(null);
    var csv = new CsvExtract();
    var ref = new ConfigMapKeyReference();
    ref.setName("prices");
    ref.setKey("prices.csv");
    csv.setConfigMap(ref);
    etl.getSpec().getExtract().setCsv(csv);
    client.resource(etl).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var ready = schedule("rollup-csv").getStatus().condition("Ready");
      assertThat(ready.getMessage()).doesNotContain("exactly one of");
      assertThat(ready.getReason()).isEqualTo("Scheduled");
      assertThat(ready.getStatus()).isEqualTo("True");
    });
    CronJob cron = client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName("rollup-csv-etl").get();
    assertThat(cron).isNotNull();
    var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap()).isNotNull().extracting("name").isEqualTo("prices"));
    String config = client.configMaps().inNamespace(NAMESPACE).withName("rollup-csv-etl-config").get()
        .getData().get("config.json");
    // the runtime reads the mounted file; it never sees the ConfigMap reference
    assertThat(config).contains("\"path\" : \"/etc/tributary/csv/prices.csv\"").doesNotContain("\"configMap\"");
  }

  private static EtlSchedule schedule(String name) {
    return client.resources(EtlSchedule.class).inNamespace(NAMESPACE).withName(name).get();
  }
}
