package io.tributary.operator.autoscale;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.OperatorExtension;
import io.tributary.operator.reconciler.OperatorServices;
import java.time.Duration;
import java.util.function.Function;

/**
 * Plugs the {@link WorkerAutoscaler} into the operator ({@code TributaryOperator.builder(client)
 * .extension(new AutoscalerExtension())}): the Kubernetes implementations of its dependencies,
 * real Kafka/Redis lag sources, and a small controller of its own on Worker ({@code
 * worker-autoscaler}) that {@link WorkerAutoscaler#register registers} every Worker it sees, so
 * the Worker reconciler needs no change. Whatever the lag source, its observations run per cluster
 * ({@link ClusterIsolatedLagSource}), so a slow or unreachable cluster delays only its own Workers;
 * the Deployments and Workers a poll reads come from informers ({@link AutoscalerCaches}). A deleted Worker's loop stops at its next poll (its status
 * can no longer be written, or, with its Deployment already collected, it is no longer found), and
 * its meters go with it.
 */
public final class AutoscalerExtension implements OperatorExtension {
  /** How long one observation may wait for Kafka or Redis. */
  public static final Duration OBSERVATION_TIMEOUT = Duration.ofSeconds(5);

  private final Function<OperatorServices, LagSource> lagSources;
  private WorkerAutoscaler autoscaler;
  private AutoscalerCaches caches;

  /** With real Kafka and Redis lag sources. */
  public AutoscalerExtension() {
    this(services -> RoutingLagSource.create(services.clock(), OBSERVATION_TIMEOUT));
  }

  /** With the given lag source (tests). */
  public AutoscalerExtension(Function<OperatorServices, LagSource> lagSources) {
    this.lagSources = lagSources;
  }

  @Override
  public void register(Operator operator, OperatorServices services) {
    caches = AutoscalerCaches.start(services.client(), services.settings().watchNamespaces());
    autoscaler = WorkerAutoscaler.withOwnScheduler(
        // a lane per cluster: a silent one holds its own threads, not the polls of every Worker (issue #12)
        new ClusterIsolatedLagSource(lagSources.apply(services)),
        new PipelineLagTargetResolver(services),
        new KubernetesReplicaWriter(services.client(), caches),
        new KubernetesScalerStatus(services.client(), services.conditions(), services.meters(), caches),
        new KubernetesScalerEvents(services.events()),
        services.meters(),
        services.clock());
    operator.register(new Registrar(autoscaler), o -> {
      if (!services.settings().watchNamespaces().isEmpty()) {
        o.settingNamespaces(services.settings().watchNamespaces());
      }
    });
  }

  /** The autoscaler (after {@link #register}). */
  public WorkerAutoscaler autoscaler() {
    return autoscaler;
  }

  @Override
  public void close() {
    if (autoscaler != null) {
      autoscaler.close();
    }
    if (caches != null) {
      caches.close();
    }
  }

  /** Keeps the autoscaler's registrations in step with the Workers; writes nothing itself. */
  @ControllerConfiguration(name = "worker-autoscaler")
  static final class Registrar implements Reconciler<Worker> {
    private final WorkerAutoscaler autoscaler;

    Registrar(WorkerAutoscaler autoscaler) {
      this.autoscaler = autoscaler;
    }

    @Override
    public UpdateControl<Worker> reconcile(Worker worker, Context<Worker> context) {
      try {
        autoscaler.register(worker);
      } catch (IllegalArgumentException e) {
        // the CRD's validation normally refuses such a policy; without a valid one, no loop
        autoscaler.unregister(worker.getMetadata().getNamespace(), worker.getMetadata().getName());
      }
      return UpdateControl.noUpdate();
    }
  }
}
