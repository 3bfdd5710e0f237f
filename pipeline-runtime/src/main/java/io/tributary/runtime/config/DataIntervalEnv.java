package io.tributary.runtime.config;

/**
 * The environment of an ETL pod that gives its run a data interval ({@code etl/DataInterval}),
 * defined here so that the operator's model, which writes it, and the runtime, which reads it,
 * share one definition.
 */
public final class DataIntervalEnv {
  /** The interval's start, an ISO-8601 instant (a given interval: backfill). */
  public static final String START = "TRIBUTARY_DATA_INTERVAL_START";
  /** The interval's end, exclusive. */
  public static final String END = "TRIBUTARY_DATA_INTERVAL_END";
  /** The schedule of the run's EtlSchedule ({@code spec.schedule}). */
  public static final String SCHEDULE = "TRIBUTARY_ETL_SCHEDULE";
  /** Its {@code spec.timeZone}; unset means UTC. */
  public static final String TIME_ZONE = "TRIBUTARY_ETL_TIME_ZONE";
  /** The name of the CronJob that runs the schedule. */
  public static final String CRONJOB = "TRIBUTARY_ETL_CRONJOB";
  /** The name of the pod's Job, from its label {@value #JOB_NAME_LABEL} (downward API). */
  public static final String JOB_NAME = "TRIBUTARY_JOB_NAME";
  /** The label the Job controller puts on every pod of a Job (Kubernetes 1.27 and later). */
  public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

  private DataIntervalEnv() {}
}
