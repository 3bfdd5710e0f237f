package io.tributary.operator.autoscale;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.Labels;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaler's view of the Workers and of the operator's Deployments, from informers (one
 * watch per kind and watched namespace) instead of a GET per poll (issue #12: with 1,000
 * autoscaled Workers every poll read the Deployment and the Worker, a few hundred GETs a second on
 * the API server). A lookup answers only once its informer has synced; before, or for an object
 * not (yet) in the cache, callers read the API as before.
 */
public final class AutoscalerCaches implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AutoscalerCaches.class);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final List<SharedIndexInformer<Deployment>> deployments = new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<Worker>> workers = new CopyOnWriteArrayList<>();
  private boolean started;
  private volatile boolean failed;
  private boolean closed;

  private AutoscalerCaches(KubernetesClient client, Set<String> namespaces) {
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
  }

  /**
   * The caches of every namespace when {@code namespaces} is empty, else of each of them. Their
   * informers start with the first lookup, not here: this is made while the operator is built,
   * before it has waited for the API server (an informer started then fails and stops the
   * operator), and a start that fails is retried at a later lookup, the callers reading the API
   * meanwhile.
   */
  public static AutoscalerCaches start(KubernetesClient client, Set<String> namespaces) {
    return new AutoscalerCaches(client, namespaces);
  }

  private synchronized void ensureStarted() {
    if (failed) {
      stopInformers();
      failed = false;
      started = false;
    }
    if (started || closed) {
      return;
    }
    started = true;
    if (namespaces.isEmpty()) {
      watch(deployments, client.apps().deployments().inAnyNamespace()
          .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).runnableInformer(0));
      watch(workers, client.resources(Worker.class).inAnyNamespace().runnableInformer(0));
    } else {
      for (String namespace : namespaces) {
        watch(deployments, client.apps().deployments().inNamespace(namespace)
            .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).runnableInformer(0));
        watch(workers, client.resources(Worker.class).inNamespace(namespace).runnableInformer(0));
      }
    }
  }

  private <T extends HasMetadata> void watch(List<SharedIndexInformer<T>> into, SharedIndexInformer<T> informer) {
    into.add(informer);
    informer.start().exceptionally(e -> {
      log.warn("autoscaler cache of {} did not start ({}); reading the API server until a later poll starts it",
          informer.getApiTypeClass().getSimpleName(), e.getClass().getSimpleName());
      failed = true;
      return null;
    });
  }

  private void stopInformers() {
    deployments.forEach(SharedIndexInformer::close);
    workers.forEach(SharedIndexInformer::close);
    deployments.clear();
    workers.clear();
  }

  /** The cached Deployment; empty when not cached (not synced yet, or not there). */
  public Optional<Deployment> deployment(String namespace, String name) {
    ensureStarted();
    return lookup(deployments, namespace, name);
  }

  /** A copy of the cached Worker (safe to change); empty when not cached. */
  public Optional<Worker> worker(String namespace, String name) {
    ensureStarted();
    return lookup(workers, namespace, name).map(w -> client.getKubernetesSerialization().clone(w));
  }

  private static <T extends HasMetadata> Optional<T> lookup(List<SharedIndexInformer<T>> informers, String namespace,
      String name) {
    String key = Cache.namespaceKeyFunc(namespace, name);
    for (SharedIndexInformer<T> informer : informers) {
      if (informer.hasSynced()) {
        T item = informer.getIndexer().getByKey(key);
        if (item != null) {
          return Optional.of(item);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized void close() {
    closed = true;
    stopInformers();
  }
}
