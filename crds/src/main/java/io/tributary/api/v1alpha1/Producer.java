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
 * Writes records from a source (synthetic market data, payments, calls, or HTTP ingest) into a topic.
 * Owns a ConfigMap, a Deployment and a Service; has the scale subresource.
 */
@Group(TributaryApi.GROUP)
@Version(TributaryApi.VERSION)
@Kind("Producer")
@Plural("producers")
@Singular("producer")
@ShortNames("tprod")
@Categories(TributaryApi.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = TributaryApi.READY_JSON_PATH,
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Status of the Ready condition")
@AdditionalPrinterColumn(name = "Pipeline", jsonPath = ".spec.pipeline", priority = 1,
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "The Pipeline")
@AdditionalPrinterColumn(name = "Topic", jsonPath = ".spec.topic",
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Target topic")
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "Ready pods")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since creation")
// DESCRIPTION of kubectl explain producer (the generator sets the root schema description only via SchemaCustomizer)
@SchemaCustomizer(value = MergePatchCustomizer.class, input = """
    {"description": "\
    A Producer writes records from a source (synthetic market data, payments or calls, or HTTP ingest) \
    into one topic of its Pipeline. The operator runs it as a Deployment of the runtime image with a \
    ConfigMap holding its configuration and a Service for its metrics and HTTP port, wired to the \
    Pipeline's Kafka, and reports its ready pods. kubectl scale (and an HPA) sets spec.replicas through \
    the scale subresource."}""")
@JsonIgnoreProperties(ignoreUnknown = true)
public class Producer extends CustomResource<ProducerSpec, ProducerStatus> implements Namespaced {

  @Override
  @Required
  @JsonPropertyDescription("What to produce, where from and into which topic of the Pipeline.")
  public ProducerSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state: conditions and pods.")
  public ProducerStatus getStatus() {
    return super.getStatus();
  }
}
