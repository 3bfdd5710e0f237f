package io.tributary.operator.model;

import static io.tributary.operator.model.ModelFixtures.IMAGE;
import static io.tributary.operator.model.ModelFixtures.stored;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.Producer;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import io.tributary.operator.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model output for each kind, compared with reviewed golden files. */
class ModelGoldenTest {

  @Test
  void producerWithStrimziPipeline() {
    Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));
    Producer producer = stored(Fixtures.marketDataProducer("ticker", "market-data"));
    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE);
    var workload = WorkloadModel.producer(producer, pipeline, wiring, RuntimeConfigModel.producer(producer, pipeline, wiring));
    Golden.assertMatches("producer-market-data", workload.all());
  }

  @Test
  void httpProducerWithPlainKafkaAndSecrets() {
    Pipeline pipeline = stored(Fixtures.plainPipeline("payments", "Delete"));
    pipeline.getSpec().getRedis().setUrl(null);
    pipeline.getSpec().getRedis().setUrlSecretRef(secretKey("redis", "url"));
    Producer producer = stored(Fixtures.httpProducer("payments-api", "payments"));
    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE);
    var workload = WorkloadModel.producer(producer, pipeline, wiring, RuntimeConfigModel.producer(producer, pipeline, wiring));
    Golden.assertMatches("producer-http", workload.all());
  }

  @Test
  void worker() {
    Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE);
    var workload = WorkloadModel.worker(worker, pipeline, wiring, RuntimeConfigModel.worker(worker, pipeline, wiring));
    Golden.assertMatches("worker-cache-writer", workload.all());
  }

  /** The operator's TRIBUTARY_RUNTIME_LOG_LEVEL/FORMAT become every runtime pod's TRIBUTARY_LOG_LEVEL/FORMAT. */
  @Test
  void runtimeLogSettingsReachThePods() {
    Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    var logging = io.tributary.operator.config.RuntimeLogging.fromEnvironment(Map.of(
        "TRIBUTARY_RUNTIME_LOG_LEVEL", "debug", "TRIBUTARY_RUNTIME_LOG_FORMAT", "text"));
    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE).withRuntimeEnv(logging.env());
    var workload = WorkloadModel.worker(worker, pipeline, wiring, RuntimeConfigModel.worker(worker, pipeline, wiring));
    Golden.assertMatches("worker-runtime-log-settings-deployment", List.of(workload.deployment()));

    EtlSchedule schedule = stored(Fixtures.etl("rollup-15m", "market-data"));
    var cronJob = EtlModel.cronJob(schedule, pipeline, wiring, RuntimeConfigModel.etl(schedule, pipeline, wiring));
    org.assertj.core.api.Assertions.assertThat(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()
            .getContainers().get(0).getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains("TRIBUTARY_LOG_LEVEL=DEBUG", "TRIBUTARY_LOG_FORMAT=text");
  }

  @Test
  void autoscaledWorkerLeavesReplicasToTheAutoscaler() {
    Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));
    Worker worker = stored(Fixtures.cacheWorker("cache-writer", "market-data"));
    worker.getSpec().setAutoscaling(new WorkerAutoscaling());
    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE);
    var workload = WorkloadModel.worker(worker, pipeline, wiring, RuntimeConfigModel.worker(worker, pipeline, wiring));
    Golden.assertMatches("worker-autoscaled-deployment", List.of(workload.deployment()));
  }

  @Test
  void etlSchedule() {
    Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));
    EtlSchedule schedule = stored(Fixtures.etl("rollup-15m", "market-data"));
    PipelineWiring wiring = PipelineWiring.of(pipeline, IMAGE);
    var config = RuntimeConfigModel.etl(schedule, pipeline, wiring);
    var cronJob = EtlModel.cronJob(schedule, pipeline, wiring, config);
    Golden.assertMatches("etl-rollup-15m", List.of(
        EtlModel.configMap(schedule, pipeline, config), cronJob, EtlModel.runNowJob(schedule, cronJob, "2026-01-01T00:00")));
  }

  @Test
  void strimziPipeline() {
    Pipeline pipeline = stored(Fixtures.strimziPipeline("market-data"));
    List<HasMetadata> children = new ArrayList<>();
    TopicModel.declared(pipeline).forEach(t -> children.add(TopicModel.kafkaTopic(pipeline, t)));
    children.add(MonitoringModel.podMonitor(pipeline));
    var rule = MonitoringModel.prometheusRule(pipeline);
    // the rules come from dashboards/alerts (tested there with promtool); MonitoringModelTest checks the rendering
    rule.setAdditionalProperty("spec", Map.of("groups", "<rendered dashboards/alerts/pipeline-rules.yaml>"));
    children.add(rule);
    ConfigMap dashboard = MonitoringModel.dashboardConfigMap(pipeline);
    // the dashboard JSON has its own test; the golden file pins the ConfigMap around it
    dashboard.setData(Map.of(dashboard.getData().keySet().iterator().next(), "<dashboard json>"));
    children.add(dashboard);
    var grafanaDashboard = MonitoringModel.grafanaDashboard(pipeline);
    @SuppressWarnings("unchecked")
    var grafanaSpec = new java.util.LinkedHashMap<>((Map<String, Object>) grafanaDashboard.getAdditionalProperties().get("spec"));
    grafanaSpec.put("json", "<dashboard json>");
    grafanaDashboard.setAdditionalProperty("spec", grafanaSpec);
    children.add(grafanaDashboard);
    Golden.assertMatches("pipeline-market-data", children);
  }

  @Test
  void pipelineNetworkPolicy() {
    Pipeline pipeline = stored(Fixtures.plainPipeline("payments", "Delete"));
    Producer producer = stored(Fixtures.httpProducer("payments-api", "payments"));
    Golden.assertMatches("pipeline-networkpolicy", List.of(NetworkPolicyModel.networkPolicy(pipeline,
        PipelineWiring.bootstrapServers(pipeline), List.of(producer), List.of())));
  }

  private static io.tributary.api.v1alpha1.SecretKeyReference secretKey(String name, String key) {
    return Serialization.unmarshal("{\"name\":\"" + name + "\",\"key\":\"" + key + "\"}",
        io.tributary.api.v1alpha1.SecretKeyReference.class);
  }
}
