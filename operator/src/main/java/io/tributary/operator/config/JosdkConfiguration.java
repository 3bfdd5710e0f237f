package io.tributary.operator.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.tributary.operator.ops.HealthState;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that configures JOSDK, used by production ({@code run}), the sandbox and the
 * tests alike (DESIGN §8).
 *
 * <p>Why these settings:
 *
 * <ul>
 *   <li>no server-side apply, neither for dependents nor for patching the primary resource or its
 *       status: the fabric8 mock server (tests, sandbox) does not implement SSA, and the operator
 *       must behave the same there as in a cluster;
 *   <li>with leader election a stand-by replica is ready (so a rolling update of the operator's
 *       Deployment can proceed while the old leader holds the Lease) and becomes a full member
 *       when it leads; a leader that loses the Lease is told through {@code onLeaseLost}, which
 *       must stop its writes (JOSDK itself, with {@code exitOnStopLeading(false)}, only logs and
 *       keeps the controllers running; see {@code TributaryOperator});
 *   <li>an informer that fails never calls {@code System.exit}: JOSDK's default handler does, which
 *       would kill a test JVM or the sandbox; instead the liveness probe turns red, so the kubelet
 *       restarts the pod in a cluster.
 * </ul>
 */
public final class JosdkConfiguration {
  private static final Logger log = LoggerFactory.getLogger(JosdkConfiguration.class);

  private JosdkConfiguration() {}

  /**
   * JOSDK configuration overrides; a lost Lease only marks the process as not live.
   *
   * @see #overrides(KubernetesClient, OperatorSettings, Metrics, HealthState, Runnable)
   */
  public static Consumer<ConfigurationServiceOverrider> overrides(
      KubernetesClient client, OperatorSettings settings, Metrics metrics, HealthState health) {
    return overrides(client, settings, metrics, health, health::leadershipLost);
  }

  /**
   * JOSDK configuration overrides.
   *
   * @param client the client the operator uses
   * @param settings leader election comes from here
   * @param metrics JOSDK's metrics sink (Micrometer)
   * @param health set to not live when an informer stops with an error
   * @param onLeaseLost called when the elector stops leading, on the elector's thread; it must
   *     not block. It is also called, on the stopping thread, when a deliberate
   *     {@code Operator.stop()} cancels the election: the handler tells the two apart
   */
  public static Consumer<ConfigurationServiceOverrider> overrides(
      KubernetesClient client, OperatorSettings settings, Metrics metrics, HealthState health, Runnable onLeaseLost) {
    return o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withPreviousAnnotationForDependentResources(false)
          .withStopOnInformerErrorDuringStartup(false)
          .withCacheSyncTimeout(Duration.ofSeconds(30))
          .withReconciliationTerminationTimeout(Duration.ofSeconds(10))
          .withMetrics(metrics)
          .withInformerStoppedHandler(
              (informer, error) -> {
                if (error != null) {
                  log.error("informer {} stopped with an error; liveness fails", informer, error);
                  health.informerFailed(String.valueOf(error.getMessage()));
                }
              });
      settings
          .leaderElection()
          .ifPresent(
              le -> {
                health.standingBy(true);
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(le.leaseName())
                        .withLeaseNamespace(le.leaseNamespace())
                        .withLeaderCallbacks(new LeaderCallbacks(
                            () -> health.standingBy(false),
                            onLeaseLost,
                            leader -> log.info("leader is {}", leader)))
                        // Not System.exit: it would also fire on a deliberate stop, where it blocks
                        // forever inside the SIGTERM shutdown hook. onLeaseLost stops the writes
                        // and fails liveness instead.
                        .withExitOnStopLeading(false)
                        .build());
              });
    };
  }
}
