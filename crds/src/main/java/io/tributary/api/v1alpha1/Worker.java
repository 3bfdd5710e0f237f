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
 * Consumes a topic or a Redis stream and applies processors to each record; autoscaled by lag when
 * spec.autoscaling is set. Owns a ConfigMap, a Deployment and a Service; has the scale subresource.
 */
@Group(TributaryApi.GROUP)
@Version(TributaryApi.VERSION)
@Kind("Worker")
@Plural("workers")
@Singular("worker")
@ShortNames("twk")
@Categories(TributaryApi.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = TributaryApi.READY_JSON_PATH,
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Status of the Ready condition")
@AdditionalPrinterColumn(name = "Pipeline", jsonPath = ".spec.pipeline", priority = 1,
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "The Pipeline")
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "Ready pods")
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".status.desiredReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "Replicas asked for")
@AdditionalPrinterColumn(name = "Lag", jsonPath = ".status.lag",
    type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "Records not yet processed")
@AdditionalPrinterColumn(name = "Last Scale", jsonPath = ".status.lastScaleReason", priority = 1,
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Why the replicas last changed")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since creation")
// DESCRIPTION of kubectl explain worker (the generator sets the root schema description only via SchemaCustomizer)
@SchemaCustomizer(value = MergePatchCustomizer.class, input = """
    {"description": "\
    A Worker consumes a topic of its Pipeline or a Redis stream and applies its processors to each \
    record in order, with retries and a dead-letter topic for records that keep failing. The operator \
    runs it as a Deployment of the runtime image with a ConfigMap and a Service; with spec.autoscaling \
    it scales the Deployment by consumer lag (itself, or through a KEDA ScaledObject), otherwise it \
    keeps spec.replicas, which kubectl scale sets through the scale subresource."}""")
@JsonIgnoreProperties(ignoreUnknown = true)
public class Worker extends CustomResource<WorkerSpec, WorkerStatus> implements Namespaced {

  @Override
  @Required
  @JsonPropertyDescription("What to consume, the processors applied to each record, error policy, replicas or autoscaling.")
  public WorkerSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state: conditions, pods, lag, partitions and the last scaling decision.")
  public WorkerStatus getStatus() {
    return super.getStatus();
  }
}
