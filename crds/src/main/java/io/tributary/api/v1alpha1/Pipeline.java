package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer.MergePatchCustomizer;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The shared wiring of a streaming pipeline: Kafka, Redis, topics, runtime image, monitoring. Owns the
 * pipeline's KafkaTopics (or the topics themselves), ServiceMonitor, PrometheusRule and dashboard.
 */
@Group(TributaryApi.GROUP)
@Version(TributaryApi.VERSION)
@Kind("Pipeline")
@Plural("pipelines")
@Singular("pipeline")
@ShortNames("tpl")
@Categories(TributaryApi.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = TributaryApi.READY_JSON_PATH,
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Status of the Ready condition")
@AdditionalPrinterColumn(name = "Topics", jsonPath = ".spec.topics[*].name",
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Declared topics")
@AdditionalPrinterColumn(name = "Workers", jsonPath = ".status.workers",
    type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "Workers using this Pipeline")
@AdditionalPrinterColumn(name = "Lag", jsonPath = ".status.totalLag",
    type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "Total lag of the Workers (records)")
@AdditionalPrinterColumn(name = "Kafka", jsonPath = ".status.bootstrapServers", priority = 1,
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Kafka bootstrap address")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since creation")
// DESCRIPTION of kubectl explain pipeline (the generator sets the root schema description only via SchemaCustomizer)
@SchemaCustomizer(value = MergePatchCustomizer.class, input = """
    {"description": "\
    A Pipeline is the shared wiring of a streaming pipeline: the Kafka cluster (Strimzi or plain \
    bootstrap servers), Redis, the topics and the dead-letter topic, the runtime image and monitoring. \
    Producers, Workers and EtlSchedules in the same namespace name it in spec.pipeline and may only use \
    its topics. The operator creates the topics (as Strimzi KafkaTopics, or directly on plain Kafka), \
    the Prometheus scrape configuration, alert rules and Grafana dashboard where their CRDs exist, and \
    reports the readiness of the topics and the total lag of the Workers."}""")
@JsonIgnoreProperties(ignoreUnknown = true)
public class Pipeline extends CustomResource<PipelineSpec, PipelineStatus> implements Namespaced {

  @Override
  @Required
  @JsonPropertyDescription("The shared wiring: Kafka, Redis, topics, dead-letter topic, runtime image, monitoring.")
  public PipelineSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state: conditions, topics and their readiness, components using this Pipeline, total lag.")
  public PipelineStatus getStatus() {
    return super.getStatus();
  }
}
