package io.tributary.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.api.v1alpha1.TributaryStatus;
import io.tributary.api.v1alpha1.Worker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gauges of the conditions as they are in the API server, for alerts (dashboards/alerts):
 * <ul>
 *   <li>{@value #READY}{@code {kind,namespace,name}}: 1 while the resource's {@code Ready} is
 *       {@code True}, 0 otherwise (also while it has no status yet);
 *   <li>{@value #SCALER_HEALTHY}{@code {namespace,worker}}: 1 while a Worker's
 *       {@code ScalerHealthy} is {@code True}, 0 while it is {@code False}, NaN while the Worker
 *       has no such condition (not autoscaled, or not polled yet).
 * </ul>
 * A resource's gauges are registered with the first event JOSDK receives for it and removed with
 * its deletion; their value is read at scrape time from the controller's informer cache (so from
 * the status as last written, whoever wrote it: JOSDK does not pass on the events of the
 * operator's own status writes). Wraps JOSDK's own {@link Metrics}, to which every call is passed on.
 */
public final class StatusMeters implements Metrics {
  /** Meter name of the per-resource Ready gauge. */
  public static final String READY = "tributary_resource_ready";
  /** Meter name of the per-Worker ScalerHealthy gauge. */
  public static final String SCALER_HEALTHY = "tributary_worker_scaler_healthy";
  /** Condition type written by the autoscaler (AutoscalerStatus.CONDITION). */
  static final String SCALER_HEALTHY_CONDITION = "ScalerHealthy";

  private final MeterRegistry registry;
  private final Metrics delegate;
  private final Map<String, Controller<? extends HasMetadata>> controllers = new ConcurrentHashMap<>();
  /** Per resource (kind/namespace/name): the newest version an event showed, until it is deleted. */
  private final Map<String, AtomicReference<HasMetadata>> seen = new ConcurrentHashMap<>();

  /**
   * @param registry where the gauges go
   * @param delegate JOSDK's metrics, called for every event as before
   */
  public StatusMeters(MeterRegistry registry, Metrics delegate) {
    this.registry = registry;
    this.delegate = delegate;
  }

  /** Registers (first event) or removes (deletion) the gauges of a primary resource. */
  public void observe(ResourceAction action, HasMetadata resource) {
    if (!(resource instanceof CustomResource<?, ?>) || resource.getMetadata() == null) {
      return;
    }
    String kind = resource.getKind();
    String namespace = resource.getMetadata().getNamespace() == null ? "" : resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    String key = kind + "/" + namespace + "/" + name;
    Tags readyTags = Tags.of("kind", kind, "namespace", namespace, "name", name);
    Tags scalerTags = Tags.of("namespace", namespace, "worker", name);
    if (action == ResourceAction.DELETED) {
      if (seen.remove(key) != null) {
        remove(READY, readyTags);
        remove(SCALER_HEALTHY, scalerTags);
      }
      return;
    }
    AtomicReference<HasMetadata> latest = seen.computeIfAbsent(key, k -> {
      AtomicReference<HasMetadata> ref = new AtomicReference<>(resource);
      ResourceID id = new ResourceID(name, resource.getMetadata().getNamespace());
      Gauge.builder(READY, () -> isTrue(current(kind, id, ref), ConditionsHelper.READY) ? 1 : 0).tags(readyTags)
          .description("1 while the resource's Ready condition is True, 0 otherwise").register(registry);
      if (resource instanceof Worker) {
        Gauge.builder(SCALER_HEALTHY, () -> {
              Condition c = ConditionsHelper.find(conditions(current(kind, id, ref)), SCALER_HEALTHY_CONDITION);
              return c == null ? Double.NaN : "True".equals(c.getStatus()) ? 1 : 0;
            }).tags(scalerTags)
            .description("1 while the Worker's ScalerHealthy condition is True, 0 while False, NaN without it")
            .register(registry);
      }
      return ref;
    });
    latest.set(resource);
  }

  /** The resource as the controller's cache has it now, else as the newest event showed it. */
  private HasMetadata current(String kind, ResourceID id, AtomicReference<HasMetadata> fallback) {
    Controller<? extends HasMetadata> controller = controllers.get(kind);
    if (controller != null) {
      try {
        Optional<? extends HasMetadata> cached = controller.getEventSourceManager().getControllerEventSource().get(id);
        if (cached.isPresent()) {
          return cached.get();
        }
      } catch (RuntimeException notStarted) {
        // the controller's informer is not running (not the leader yet, or stopping): the last event
      }
    }
    return fallback.get();
  }

  private static List<Condition> conditions(HasMetadata resource) {
    return resource instanceof CustomResource<?, ?> cr && cr.getStatus() instanceof TributaryStatus s
        ? s.getConditions() : null;
  }

  private static boolean isTrue(HasMetadata resource, String type) {
    Condition c = ConditionsHelper.find(conditions(resource), type);
    return c != null && "True".equals(c.getStatus());
  }

  private void remove(String meter, Tags tags) {
    Gauge gauge = registry.find(meter).tags(tags).gauge();
    if (gauge != null) {
      registry.remove(gauge);
    }
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    if (event instanceof ResourceEvent resourceEvent) {
      resourceEvent.getResource().ifPresent(r -> observe(resourceEvent.getAction(), r));
    }
    delegate.receivedEvent(event, metadata);
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    controllers.put(controller.getAssociatedGroupVersionKind().getKind(), controller);
    delegate.controllerRegistered(controller);
  }

  @Override
  public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    delegate.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    delegate.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    delegate.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    delegate.reconciliationExecutionFinished(resource, metadata);
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    delegate.cleanupDoneFor(resourceID, metadata);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    delegate.finishedReconciliation(resource, metadata);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    return delegate.timeControllerExecution(execution);
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    return delegate.monitorSizeOf(map, name);
  }
}
