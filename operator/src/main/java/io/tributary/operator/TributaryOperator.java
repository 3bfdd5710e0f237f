package io.tributary.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.tributary.operator.status.StatusMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.operator.config.JosdkConfiguration;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.ops.HealthState;
import io.tributary.operator.reconciler.EtlScheduleReconciler;
import io.tributary.operator.reconciler.OperatorServices;
import io.tributary.operator.reconciler.PipelineReconciler;
import io.tributary.operator.reconciler.ProducerReconciler;
import io.tributary.operator.reconciler.WorkerReconciler;
import io.tributary.operator.topics.TopicAdmin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The operator assembled: the JOSDK {@link Operator} configured by {@link JosdkConfiguration}, the
 * four reconcilers, and any {@link OperatorExtension}s. Production ({@code run}), the sandbox and
 * the integration tests all build it here.
 *
 * <p>With leader election, a leader that loses the Lease stops writing at once and for good: its
 * client is fenced ({@link WriteFence}), liveness fails (the kubelet restarts it as a stand-by),
 * and its controllers and extensions (the autoscaler) stop ({@link OperatorShutdown}). A
 * deliberate {@link #close()} is not such a loss and does not wait on one.
 */
public final class TributaryOperator implements AutoCloseable {
  private final Operator operator;
  private final OperatorServices services;
  private final HealthState health;
  private final List<OperatorExtension> extensions;
  private final OperatorShutdown shutdown;

  private TributaryOperator(Operator operator, OperatorServices services, HealthState health,
      List<OperatorExtension> extensions, OperatorShutdown shutdown) {
    this.operator = operator;
    this.services = services;
    this.health = health;
    this.extensions = extensions;
    this.shutdown = shutdown;
  }

  public static Builder builder(KubernetesClient client) {
    return new Builder(client);
  }

  /** Starts the controllers (waits for the informers' caches); readiness follows their health. */
  public TributaryOperator start() {
    operator.start();
    health.readyWhen(() -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy());
    extensions.forEach(OperatorExtension::started);
    return this;
  }

  public Operator operator() {
    return operator;
  }

  public OperatorServices services() {
    return services;
  }

  public HealthState health() {
    return health;
  }

  /** Stops the extensions, then the controllers; after a lost Lease, waits for that stop. */
  @Override
  public void close() {
    shutdown.close();
    services.redrives().close();
  }

  /** Builder; only the client is required. */
  public static final class Builder {
    private final KubernetesClient client;
    private OperatorSettings settings = OperatorSettings.defaults();
    private TopicAdmin.Factory topicAdmins;
    private io.tributary.operator.reconciler.RedisAclAdmin.Factory redisAclAdmins;
    private MeterRegistry meters;
    private HealthState health = new HealthState();
    private Clock clock = Clock.systemUTC();
    private final List<OperatorExtension> extensions = new ArrayList<>();

    private Builder(KubernetesClient client) {
      this.client = Objects.requireNonNull(client);
    }

    public Builder settings(OperatorSettings settings) {
      this.settings = settings;
      return this;
    }

    public Builder topicAdmins(TopicAdmin.Factory topicAdmins) {
      this.topicAdmins = topicAdmins;
      return this;
    }

    /** Admin connections to Redis for the components' ACL users; default {@link io.tributary.operator.reconciler.LettuceRedisAclAdmin#FACTORY}. */
    public Builder redisAclAdmins(io.tributary.operator.reconciler.RedisAclAdmin.Factory redisAclAdmins) {
      this.redisAclAdmins = redisAclAdmins;
      return this;
    }

    public Builder meters(MeterRegistry meters) {
      this.meters = meters;
      return this;
    }

    public Builder health(HealthState health) {
      this.health = health;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Adds the extensions every production operator runs, in a cluster and in the sandbox alike:
     * the lag autoscaler (DESIGN §4), the only writer of an autoscaled Worker's replicas.
     */
    public Builder standardExtensions() {
      return extension(new io.tributary.operator.autoscale.AutoscalerExtension());
    }

    public Builder extension(OperatorExtension extension) {
      this.extensions.add(extension);
      return this;
    }

    public TributaryOperator build() {
      MeterRegistry registry = meters != null ? meters : new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
      TopicAdmin.Factory admins = Objects.requireNonNull(topicAdmins, "topicAdmins");
      // only a leader can lose the Lease; without election the caller's client is used as it is
      WriteFence fence = settings.leaderElection().isPresent() ? new WriteFence() : null;
      KubernetesClient operatorClient = fence == null ? client : fence.around(client);
      OperatorShutdown shutdown = new OperatorShutdown(health, fence);
      OperatorServices services = OperatorServices.create(operatorClient, settings, admins, registry, clock,
          redisAclAdmins != null ? redisAclAdmins : io.tributary.operator.reconciler.LettuceRedisAclAdmin.FACTORY);
      Operator operator = new Operator(JosdkConfiguration.overrides(
          operatorClient, settings,
          new StatusMeters(registry, MicrometerMetrics.withoutPerResourceMetrics(registry)), health, shutdown::leaseLost));
      register(operator, new PipelineReconciler(services));
      register(operator, new ProducerReconciler(services));
      register(operator, new WorkerReconciler(services));
      register(operator, new EtlScheduleReconciler(services));
      for (OperatorExtension extension : extensions) {
        extension.register(operator, services);
      }
      shutdown.stopping(operator, extensions);
      return new TributaryOperator(operator, services, health, List.copyOf(extensions), shutdown);
    }

    private <P extends io.fabric8.kubernetes.api.model.HasMetadata> void register(Operator operator, Reconciler<P> reconciler) {
      Consumer<ControllerConfigurationOverrider<P>> namespaces =
          o -> {
            if (!settings.watchNamespaces().isEmpty()) {
              o.settingNamespaces(settings.watchNamespaces());
            }
          };
      operator.register(reconciler, namespaces);
    }
  }
}
