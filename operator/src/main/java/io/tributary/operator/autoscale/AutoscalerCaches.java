package io.tributary.operator.autoscale;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The autoscaler's view of the Workers and of the operator's Deployments, from informers (one
 * watch per kind and watched namespace) instead of a GET per poll (issue #12: with 1,000
 * autoscaled Workers every poll read the Deployment and the Worker, a few hundred GETs a second on
 * the API server). A lookup answers only once its informer has synced; before, or for an object
 * not (yet) in the cache, callers read the API as before.
 */
public final class AutoscalerCaches implements AutoCloseable {
  private final KubernetesClient client;
  private final List<SharedIndexInformer<Deployment>> deployments = new ArrayList<>();
  private final List<SharedIndexInformer<Worker>> workers = new ArrayList<>();

  private AutoscalerCaches(KubernetesClient client) {
    this.client = client;
  }

  /** Starts the informers: every namespace when {@code namespaces} is empty, else each of them. */
  public static AutoscalerCaches start(KubernetesClient client, Set<String> namespaces) {
    AutoscalerCaches caches = new AutoscalerCaches(client);
    if (namespaces.isEmpty()) {
      caches.deployments.add(client.apps().deployments().inAnyNamespace()
          .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).inform());
      caches.workers.add(client.resources(Worker.class).inAnyNamespace().inform());
    } else {
      for (String namespace : namespaces) {
        caches.deployments.add(client.apps().deployments().inNamespace(namespace)
            .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).inform());
        caches.workers.add(client.resources(Worker.class).inNamespace(namespace).inform());
      }
    }
    return caches;
  }

  /** The cached Deployment; empty when not cached (not synced yet, or not there). */
  public Optional<Deployment> deployment(String namespace, String name) {
    return lookup(deployments, namespace, name);
  }

  /** A copy of the cached Worker (safe to change); empty when not cached. */
  public Optional<Worker> worker(String namespace, String name) {
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
  public void close() {
    deployments.forEach(SharedIndexInformer::close);
    workers.forEach(SharedIndexInformer::close);
  }
}
