package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubelet plus the Deployment, Job and CronJob controllers, in one loop against a Kubernetes
 * API: it polls Deployments, Jobs and CronJobs in all namespaces every
 * {@link LocalNodeSettings#syncPeriod()} and runs their pods as local child processes (through a
 * {@link PodLauncher}), writing Pod, Deployment, Job and CronJob status back to the API.
 *
 * <p>Each pod gets its own ports ({@code TRIBUTARY_METRICS_PORT}, {@code TRIBUTARY_HTTP_PORT}),
 * its mounted ConfigMaps and Secrets as files ({@code TRIBUTARY_CONFIG} points at the one mounted
 * at {@code /etc/tributary/config.json}), a termination log ({@code TRIBUTARY_TERMINATION_LOG})
 * and a log file {@code <logDir>/<pod>.log}. See {@link NodeEnv}.
 *
 * <p>Only the first container of a pod runs (init containers and sidecars are ignored); the image
 * is ignored too, as every Tributary workload runs the one runtime jar.
 *
 * <p>{@link #close()} (also run by a JVM shutdown hook) stops every child: SIGTERM, then SIGKILL
 * after the pod's grace period (capped by {@link LocalNodeSettings#maxGracePeriod()}).
 */
public final class LocalNode implements AutoCloseable {
  /** {@code spec.nodeName} of every pod. */
  public static final String NODE_NAME = "sandbox-node";
  /** Label on every Pod this node created. */
  public static final String NODE_LABEL = "sandbox.tributary.io/node";
  /** Annotation with the pod's local metrics URL. */
  public static final String METRICS_URL_ANNOTATION = "sandbox.tributary.io/metrics-url";
  /** Annotation with the pod's local http ingest URL (container port {@code http}). */
  public static final String HTTP_URL_ANNOTATION = "sandbox.tributary.io/http-url";
  /** Annotation with the pod's log file. */
  public static final String LOG_FILE_ANNOTATION = "sandbox.tributary.io/log-file";

  private static final Logger LOG = LoggerFactory.getLogger(LocalNode.class);

  private final NodeContext node;
  private final PodTable pods;
  private final DeploymentController deployments;
  private final JobController jobs;
  private final CronJobController cronJobs;
  private final ScheduledExecutorService loop;
  private final Thread shutdownHook;
  private volatile boolean closed;
  private volatile String lastSyncError;

  public LocalNode(KubernetesClient client, PodLauncher launcher, LocalNodeSettings settings) {
    this(client, launcher, settings, Clock.systemUTC());
  }

  LocalNode(KubernetesClient client, PodLauncher launcher, LocalNodeSettings settings, Clock clock) {
    this.node = NodeContext.create(client, launcher, settings, clock);
    this.pods = new PodTable(node);
    this.deployments = new DeploymentController(node, pods);
    this.jobs = new JobController(node, pods);
    this.cronJobs = new CronJobController(node);
    this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "local-node");
      thread.setDaemon(true);
      return thread;
    });
    this.shutdownHook = new Thread(this::stopPods, "local-node-shutdown");
  }

  /** Starts the sync loop; returns {@code this}. */
  public LocalNode start() {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    long period = node.settings().syncPeriod().toMillis();
    loop.scheduleWithFixedDelay(this::syncSafely, 0, period, TimeUnit.MILLISECONDS);
    LOG.info("local node started (logs in {})", node.settings().logDir().toAbsolutePath());
    return this;
  }

  /** The pods this node runs now, sorted by namespace and name. */
  public List<LocalPod> pods() {
    return pods.all().stream()
        .filter(p -> !p.isTerminating())
        .map(LocalPod::of)
        .sorted(Comparator.comparing(LocalPod::namespace).thenComparing(LocalPod::name))
        .toList();
  }

  public LocalNodeSettings settings() {
    return node.settings();
  }

  private void syncSafely() {
    if (closed) {
      return;
    }
    try {
      sync();
      lastSyncError = null;
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (!message.equals(lastSyncError)) {
        LOG.warn("local node sync failed: {}", message, e);
      }
      lastSyncError = message;
    }
  }

  /** One round: observe the API, run the controllers, advance the pods, write status. */
  void sync() {
    Instant now = node.clock().instant();
    var knownBeforeListing = List.copyOf(pods.all());
    KubernetesClient client = node.client();
    // a Pod marked for deletion (a user's delete, the garbage collector's) is stopped like a kubelet
    // would: its process ends, then its object goes with grace period 0 (PodTable.syncAll)
    Set<String> podsInApi = client.pods().inAnyNamespace().withLabel(NODE_LABEL, NODE_NAME).list().getItems().stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .map(LocalNode::key).collect(Collectors.toSet());
    List<Deployment> deploymentList = client.apps().deployments().inAnyNamespace().list().getItems();
    List<CronJob> cronJobList = client.batch().v1().cronjobs().inAnyNamespace().list().getItems();
    List<Job> jobList = client.batch().v1().jobs().inAnyNamespace().list().getItems();

    pods.terminateDeletedFromApi(podsInApi, knownBeforeListing, now);
    pods.syncAll(now);
    cronJobs.sync(cronJobList, jobList, now);
    deployments.sync(deploymentList, now);
    jobs.sync(jobList, now);
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** Stops the loop and every pod process; leaves no child process behind. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    loop.shutdown();
    try {
      if (!loop.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("local node loop did not stop within 30s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopPods();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }

  private void stopPods() {
    closed = true;
    pods.stopAll();
  }
}
