package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * The sandbox's Kubernetes API: the fabric8 mock server in CRUD mode over plain HTTP on
 * 127.0.0.1. It stores and watches any object, serves CRDs created through it (including their
 * status subresource), but has no admission, schema validation or server-side apply
 * (DESIGN §8). On top, discovery and server-side tables, so that {@code kubectl --server <url>}
 * can list and show objects, RFC 7386 merge patches, the scale subresource and owner-reference
 * garbage collection ({@link KubectlFriendlyDispatcher}).
 */
public final class EmbeddedApiServer implements SandboxApi {
  private final KubernetesMockServer server;
  private final KubectlFriendlyDispatcher dispatcher;

  private EmbeddedApiServer(KubernetesMockServer server, KubectlFriendlyDispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
  }

  /** Starts on {@code port} (0 = any free port) on 127.0.0.1. */
  public static EmbeddedApiServer start(int port) {
    KubectlFriendlyDispatcher dispatcher = new KubectlFriendlyDispatcher();
    KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
        new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    return new EmbeddedApiServer(server, dispatcher);
  }

  /** Pipelines created or replaced through the API from now on get the sandbox's Kafka and Redis. */
  @Override
  public void rewritePipelinesWith(PipelineRewriter rewriter) {
    dispatcher.rewritePipelinesWith(rewriter);
  }

  @Override
  public java.util.List<String> notes() {
    return java.util.List.of("Kubernetes API  " + url() + "  (fabric8 mock server; --api real for a real control plane)",
        "kubectl         kubectl --server " + url() + " get tributary,pods   (apply: --validate=false)");
  }

  /** A new client for this server; the caller closes it. */
  @Override
  public NamespacedKubernetesClient createClient() {
    return server.createClient();
  }

  /** E.g. {@code http://127.0.0.1:40123}. */
  @Override
  public String url() {
    // the server binds to 127.0.0.1 only; "localhost" could resolve to ::1 first
    return "http://127.0.0.1:" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.destroy();
    dispatcher.close();
  }
}
