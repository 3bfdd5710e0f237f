package io.tributary.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import java.util.Set;

/**
 * Fences a replica that lost the leader Lease off the API: once {@link #close closed}, every
 * request of the fenced client that would change something (POST, PUT, PATCH, DELETE) fails
 * before it is sent, whichever thread sends it. Stopping the controllers and the autoscaler takes
 * a moment (a reconciliation in flight runs to its end); the fence makes "no more writes" hold
 * from the instant the loss is known. Reads go on, so nothing blocks on the way down.
 *
 * <p>The fenced client shares the caller's connection pool, configuration, serialization and
 * executor. It is never closed: closing it would close the HTTP client it shares with the caller's
 * client, which the caller closes.
 */
final class WriteFence implements Interceptor {
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private volatile String closedBecause;

  /** A client that sends its requests through this fence. */
  KubernetesClient around(KubernetesClient client) {
    HttpClient fenced = client.getHttpClient().newBuilder().addOrReplaceInterceptor("tributary-write-fence", this).build();
    BaseClient base = client.adapt(BaseClient.class);
    return new KubernetesClientImpl(fenced, client.getConfiguration(), base::getExecutor, client.getKubernetesSerialization());
  }

  /** From now on write requests fail, with this reason. Idempotent (the first reason stays). */
  void close(String reason) {
    if (closedBecause == null) {
      closedBecause = reason;
    }
  }

  boolean closed() {
    return closedBecause != null;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String reason = closedBecause;
    if (reason != null && WRITES.contains(request.method())) {
      throw new KubernetesClientException(request.method() + " " + request.uri().getPath() + " not sent: " + reason);
    }
  }
}
