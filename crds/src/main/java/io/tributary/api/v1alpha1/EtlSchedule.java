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
 * A cron-scheduled batch ETL run (extract, transform, quality checks, load) executed by a CronJob
 * running the runtime in role etl. Annotate with tributary.io/run-now: "<new value>" to run at once.
 */
@Group(TributaryApi.GROUP)
@Version(TributaryApi.VERSION)
@Kind("EtlSchedule")
@Plural("etlschedules")
@Singular("etlschedule")
@ShortNames("tetl")
@Categories(TributaryApi.CATEGORY)
@AdditionalPrinterColumn(name = "Ready", jsonPath = TributaryApi.READY_JSON_PATH,
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Status of the Ready condition")
@AdditionalPrinterColumn(name = "Pipeline", jsonPath = ".spec.pipeline", priority = 1,
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "The Pipeline")
@AdditionalPrinterColumn(name = "Schedule", jsonPath = ".spec.schedule",
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Cron schedule")
@AdditionalPrinterColumn(name = "Suspend", jsonPath = ".spec.suspend", priority = 1,
    type = AdditionalPrinterColumn.Type.BOOLEAN, getDescription = "Scheduled runs suspended")
@AdditionalPrinterColumn(name = "Last Run", jsonPath = ".status.lastScheduleTime",
    type = AdditionalPrinterColumn.Type.DATE, getDescription = "Start of the last run")
@AdditionalPrinterColumn(name = "Result", jsonPath = ".status.lastRun.result",
    type = AdditionalPrinterColumn.Type.STRING, getDescription = "Result of the last finished run")
@AdditionalPrinterColumn(name = "Next Run", jsonPath = ".status.nextScheduleTime",
    type = AdditionalPrinterColumn.Type.DATE, getDescription = "When the next scheduled run starts")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since creation")
// DESCRIPTION of kubectl explain etlschedule (the generator sets the root schema description only via SchemaCustomizer)
@SchemaCustomizer(value = MergePatchCustomizer.class, input = """
    {"description": "\
    An EtlSchedule is a cron-scheduled batch ETL job: each run extracts from a topic, an HTTP endpoint \
    or a CSV file, applies the transform steps, checks the data quality and loads into a Redis hash or a \
    topic. The operator runs it as a CronJob of the runtime image in role etl, starts one run at once \
    when the tributary.io/run-now annotation gets a new value, and records the last runs and their \
    results in the status."}""")
@JsonIgnoreProperties(ignoreUnknown = true)
public class EtlSchedule extends CustomResource<EtlScheduleSpec, EtlScheduleStatus> implements Namespaced {

  @Override
  @Required
  @JsonPropertyDescription("When to run, and the extract, transform, quality and load steps of a run.")
  public EtlScheduleSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state: conditions, schedule times and the last run.")
  public EtlScheduleStatus getStatus() {
    return super.getStatus();
  }
}
