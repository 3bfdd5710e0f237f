package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about a Tributary resource ({@code kubectl describe} shows them). An
 * Event that cannot be written is logged and dropped: Events are a courtesy, never a reason to
 * fail a reconciliation.
 *
 * <p>Repeats are aggregated as Kubernetes' own event recorder does: the same type, reason and
 * message about the same object within {@link EventSeries#WINDOW} of the last one increment
 * {@code count} and move {@code lastTimestamp} of the existing Event instead of creating another
 * (a Pipeline reconciled every 15 s while Kafka is down would otherwise write thousands).
 */
public final class EventRecorder {
  public static final String COMPONENT = "tributary-operator";
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private final KubernetesClient client;
  private final Clock clock;
  private final EventSeries series;
  // an RBAC that grants create but not patch on events: aggregating is then impossible, and
  // creating each repeat as before beats dropping it
  private volatile boolean patchForbidden;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this(client, clock, new EventSeries(EventSeries.DEFAULT_CAPACITY));
  }

  EventRecorder(KubernetesClient client, Clock clock, EventSeries series) {
    this.client = client;
    this.clock = clock;
    this.series = series;
  }

  /** Records a {@code Normal} Event about {@code about}, or counts one more of the same. */
  public void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  /** Records a {@code Warning} Event about {@code about}, or counts one more of the same. */
  public void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    Instant now = clock.instant();
    String namespace = about.getMetadata().getNamespace();
    EventSeries.Key key = new EventSeries.Key(namespace, about.getKind(), about.getMetadata().getName(),
        about.getMetadata().getUid(), type, reason, message);
    EventSeries.Entry entry = series.entry(key);
    // one writer per series at a time: two reconcilers must not both create the first Event
    synchronized (entry) {
      try {
        if (!patchForbidden && entry.repeats(now) && increment(namespace, entry, now)) {
          return;
        }
        String name = about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
        create(about, namespace, name, type, reason, message, now.toString());
        entry.started(name, now);
      } catch (RuntimeException e) {
        log.warn("could not record event {} {} on {}/{}: {}", type, reason, namespace,
            about.getMetadata().getName(), e.getMessage());
      }
    }
  }

  /**
   * Counts one more on the series' Event; false when that Event is gone (expired, deleted) or the
   * operator may not patch Events.
   */
  private boolean increment(String namespace, EventSeries.Entry entry, Instant now) {
    int count = entry.count() + 1;
    try {
      // on resource(...), not withName(...): fabric8 would first GET the Event (RBAC: events get)
      client.v1().events().inNamespace(namespace)
          .resource(new EventBuilder().withNewMetadata().withName(entry.eventName()).withNamespace(namespace)
              .endMetadata().build())
          .patch(PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(
                  Map.of("count", count, "lastTimestamp", now.toString())));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      if (e.getCode() == 403) {
        patchForbidden = true;
        log.warn("may not patch events ({}): every repeated Event is a new one; grant patch on events", e.getMessage());
        return false;
      }
      throw e;
    }
    entry.repeated(count, now);
    return true;
  }

  private void create(HasMetadata about, String namespace, String name, String type, String reason,
      String message, String now) {
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withApiVersion(about.getApiVersion())
                        .withKind(about.getKind())
                        .withName(about.getMetadata().getName())
                        .withNamespace(namespace)
                        .withUid(about.getMetadata().getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .build())
        .create();
  }
}
