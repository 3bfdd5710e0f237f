package io.tributary.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.tributary.api.v1alpha1.EtlExtract;
import io.tributary.api.v1alpha1.EtlHistory;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.EtlScheduleSpec;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.api.v1alpha1.TributaryApi;
import io.tributary.runtime.config.EtlConfig;
import io.tributary.runtime.config.RuntimeConfig;
import io.tributary.runtime.config.SecretEnv;
import io.tributary.runtime.config.DataIntervalEnv;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EtlSchedule -> ConfigMap + CronJob running the runtime in role {@code etl}, and the Job of a
 * {@code tributary.io/run-now} request. Pure: no client calls.
 *
 * <p>{@code backoffLimit} is 0 because the runtime retries a failed run itself
 * ({@code spec.retries}); a Kubernetes retry on top would multiply the attempts.
 */
public final class EtlModel {
  public static final String ETL = "etl";
  /** The Job annotation carrying the run-now value that created it. */
  public static final String RUN_NOW_ANNOTATION = TributaryApi.RUN_NOW_ANNOTATION;
  /** The Job annotation carrying the id of the backfill a Job runs a period of. */
  public static final String BACKFILL_ANNOTATION = "tributary.io/backfill-id";
  /** Job names are label values: at most 63 characters. */
  /** The Job annotation of a catch-up run ({@code spec.catchUp}): the end of the period it runs. */
  public static final String CATCH_UP_ANNOTATION = "tributary.io/catch-up";
  /**
   * The Job annotation of a catch-up run: how many missed periods the catch-up had skipped when it
   * started this run ({@code status.catchUp.skipped} then), so that a reconcile that starts from a
   * status not showing that yet (an informer a step behind) does not count them away.
   */
  public static final String CATCH_UP_SKIPPED_ANNOTATION = "tributary.io/catch-up-skipped";
  private static final int MAX_JOB_NAME = 63;

  private EtlModel() {}

  public static String cronJobName(String crName) {
    return WorkloadModel.workloadName(crName, ETL);
  }

  public static ConfigMap configMap(EtlSchedule schedule, Pipeline pipeline, RuntimeConfig config) {
    return WorkloadModel.configMap(schedule, WorkloadModel.configMapName(schedule.getMetadata().getName(), ETL),
        labels(schedule, pipeline), config);
  }

  public static CronJob cronJob(EtlSchedule schedule, Pipeline pipeline, PipelineWiring wiring, RuntimeConfig config) {
    EtlScheduleSpec spec = schedule.getSpec();
    String name = schedule.getMetadata().getName();
    Map<String, String> labels = labels(schedule, pipeline);
    List<EnvVar> env = new ArrayList<>(wiring.secretEnv(true));
    env.addAll(dataIntervalEnv(spec, cronJobName(name)));
    if (MonitoringModel.podMonitorEnabled(pipeline)) {
      // a run is often over within one scrape interval: keep /metrics up for two, so that
      // Prometheus reads the run's etl_records_total and etl_run_duration_seconds at least once
      env.add(new EnvVar(EtlConfig.LINGER_ENV, String.valueOf(2 * MonitoringModel.SCRAPE_INTERVAL.toSeconds()), null));
    }
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    EtlExtract extract = spec.getExtract();
    if (extract != null && extract.getCsv() != null && extract.getCsv().getConfigMap() != null) {
      var ref = extract.getCsv().getConfigMap();
      volumes.add(new VolumeBuilder().withName("csv").withConfigMap(new ConfigMapVolumeSourceBuilder()
          .withName(ref.getName()).withItems(new KeyToPath(ref.getKey(), null, ref.getKey())).build()).build());
      mounts.add(new VolumeMountBuilder().withName("csv").withMountPath(SecretEnv.CSV_CONFIG_MAP_DIR)
          .withReadOnly(true).build());
    }
    volumes.addAll(wiring.redisTlsVolumes().volumes());
    mounts.addAll(wiring.redisTlsVolumes().mounts());
    String hash = PodTemplates.configHash(config, wiring, env);
    var pod = PodTemplates.podTemplate(new PodTemplates.PodInputs(
        ETL, labels, WorkloadModel.configMapName(name, ETL), hash, wiring, spec.getTemplate(), env,
        List.of(), volumes, mounts, true));
    JobSpec jobSpec =
        new JobSpecBuilder()
            .withBackoffLimit(0)
            .withActiveDeadlineSeconds(spec.getActiveDeadlineSeconds())
            .withTemplate(pod)
            .build();
    EtlHistory history = spec.getHistory() == null ? new EtlHistory() : spec.getHistory();
    return new CronJobBuilder()
        .withMetadata(WorkloadModel.meta(schedule, cronJobName(name), labels))
        .withNewSpec()
        .withSchedule(spec.getSchedule())
        .withTimeZone(spec.getTimeZone())
        .withConcurrencyPolicy(spec.getConcurrencyPolicy() == null ? "Forbid" : spec.getConcurrencyPolicy().wireValue())
        .withStartingDeadlineSeconds(spec.getStartingDeadlineSeconds())
        .withSuspend(Boolean.TRUE.equals(spec.getSuspend()))
        .withSuccessfulJobsHistoryLimit(history.getSuccessful())
        .withFailedJobsHistoryLimit(history.getFailed())
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withSpec(jobSpec)
        .endJobTemplate()
        .endSpec()
        .build();
  }

  /**
   * What a run needs to work out its data interval: the schedule, its time
   * zone, the CronJob's name and, through the downward API, the name of the pod's Job, which the
   * CronJob controller derives from the scheduled time (the runtime's {@code etl/DataInterval}). A run-now Job's name does not have that
   * form, so it runs without an interval.
   */
  static List<EnvVar> dataIntervalEnv(EtlScheduleSpec spec, String cronJobName) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(DataIntervalEnv.SCHEDULE, spec.getSchedule(), null));
    if (spec.getTimeZone() != null) {
      env.add(new EnvVar(DataIntervalEnv.TIME_ZONE, spec.getTimeZone(), null));
    }
    env.add(new EnvVar(DataIntervalEnv.CRONJOB, cronJobName, null));
    env.add(new EnvVarBuilder().withName(DataIntervalEnv.JOB_NAME).withNewValueFrom().withNewFieldRef()
        .withApiVersion("v1").withFieldPath("metadata.labels['" + DataIntervalEnv.JOB_NAME_LABEL + "']")
        .endFieldRef().endValueFrom().build());
    return env;
  }

  /**
   * The Job for a run-now request: the CronJob's job template, named after the request value so
   * that one value creates one Job, however often the operator reconciles.
   */
  public static Job runNowJob(EtlSchedule schedule, CronJob cronJob, String runNowValue) {
    String jobName = cronJob.getMetadata().getName() + "-now-" + Canonical.hash(runNowValue).substring(0, 10);
    var template = cronJob.getSpec().getJobTemplate();
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(RUN_NOW_ANNOTATION, runNowValue);
    annotations.put("cronjob.kubernetes.io/instantiate", "manual");
    return new JobBuilder()
        .withMetadata(new ObjectMetaBuilder(WorkloadModel.meta(schedule, jobName, template.getMetadata().getLabels()))
            .withAnnotations(annotations).build())
        .withSpec(template.getSpec())
        .build();
  }

  /**
   * The Job of one backfill period: the CronJob's job template with the period as its data
   * interval ({@code TRIBUTARY_DATA_INTERVAL_START}/{@code _END}, which win over the schedule), named
   * {@code <cronjob>-bf-<id hash>-<period end in unix minutes>} so that one period of one request
   * creates one Job however often the operator reconciles.
   */
  public static Job backfillJob(EtlSchedule schedule, CronJob cronJob, String backfillId, BackfillPlan.Period period) {
    var template = cronJob.getSpec().getJobTemplate();
    // a deep copy: the CronJob's own template must not change
    JobSpec spec = Canonical.MAPPER.convertValue(template.getSpec(), JobSpec.class);
    var container = spec.getTemplate().getSpec().getContainers().get(0);
    List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
    env.add(new EnvVar(DataIntervalEnv.START, period.start().toString(), null));
    env.add(new EnvVar(DataIntervalEnv.END, period.end().toString(), null));
    container.setEnv(env);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(BACKFILL_ANNOTATION, backfillId);
    return new JobBuilder()
        .withMetadata(new ObjectMetaBuilder(WorkloadModel.meta(schedule,
            backfillJobName(cronJob.getMetadata().getName(), backfillId, period), template.getMetadata().getLabels()))
            .withAnnotations(annotations).build())
        .withSpec(spec)
        .build();
  }

  /** {@code <cronjob>-bf-<6 hex of the id>-<end in unix minutes>}, the CronJob's name cut to fit 63 characters. */
  static String backfillJobName(String cronJobName, String backfillId, BackfillPlan.Period period) {
    String suffix = "-bf-" + Canonical.hash(backfillId).substring(0, 6) + "-" + period.end().getEpochSecond() / 60;
    String base = cronJobName.length() + suffix.length() > MAX_JOB_NAME
        ? cronJobName.substring(0, MAX_JOB_NAME - suffix.length()).replaceAll("-+$", "") : cronJobName;
    return base + suffix;
  }

  /**
   * The catch-up Job of one missed period: the CronJob's job template with the period as its data
   * interval, named {@code <cronjob>-<period end in unix minutes>}, the name the CronJob controller
   * gives its run of that firing: whichever of the two creates it first, the other's create is a
   * conflict, and the period runs once.
   */
  public static Job catchUpJob(EtlSchedule schedule, CronJob cronJob, BackfillPlan.Period period) {
    return catchUpJob(schedule, cronJob, period, 0);
  }

  /**
   * {@link #catchUpJob(EtlSchedule, CronJob, BackfillPlan.Period)} that records {@code skipped}, the
   * periods skipped so far, in {@link #CATCH_UP_SKIPPED_ANNOTATION} (none when 0).
   */
  public static Job catchUpJob(EtlSchedule schedule, CronJob cronJob, BackfillPlan.Period period, int skipped) {
    var template = cronJob.getSpec().getJobTemplate();
    // a deep copy: the CronJob's own template must not change
    JobSpec spec = Canonical.MAPPER.convertValue(template.getSpec(), JobSpec.class);
    var container = spec.getTemplate().getSpec().getContainers().get(0);
    List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
    env.add(new EnvVar(DataIntervalEnv.START, period.start().toString(), null));
    env.add(new EnvVar(DataIntervalEnv.END, period.end().toString(), null));
    container.setEnv(env);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(CATCH_UP_ANNOTATION, period.end().toString());
    if (skipped > 0) {
      annotations.put(CATCH_UP_SKIPPED_ANNOTATION, String.valueOf(skipped));
    }
    String name = cronJob.getMetadata().getName() + "-" + period.end().getEpochSecond() / 60;
    return new JobBuilder()
        .withMetadata(new ObjectMetaBuilder(WorkloadModel.meta(schedule, name, template.getMetadata().getLabels()))
            .withAnnotations(annotations).build())
        .withSpec(spec)
        .build();
  }

  /** The periods skipped before catch-up run {@code job} started ({@link #CATCH_UP_SKIPPED_ANNOTATION}), 0 when none or unreadable. */
  public static int catchUpSkipped(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(CATCH_UP_SKIPPED_ANNOTATION);
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether {@code job} is a catch-up run. */
  public static boolean isCatchUp(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(CATCH_UP_ANNOTATION);
  }

  /** Whether {@code job} runs a period of a backfill, and of which: its id, else null. */
  public static String backfillId(Job job) {
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(BACKFILL_ANNOTATION);
  }

  private static Map<String, String> labels(EtlSchedule schedule, Pipeline pipeline) {
    return Labels.of(ETL, schedule.getMetadata().getName(), ETL, pipeline.getMetadata().getName());
  }
}
