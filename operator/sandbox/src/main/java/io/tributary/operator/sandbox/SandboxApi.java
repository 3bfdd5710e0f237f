package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * The Kubernetes API the sandbox runs on: the embedded mock ({@link EmbeddedApiServer}, the
 * default, needs only a JDK) or the real control plane ({@link RealApiServer}, {@code --api real}).
 */
interface SandboxApi extends AutoCloseable {
  /** Where clients reach it. */
  String url();

  /** A new admin client; the caller closes it. */
  KubernetesClient createClient();

  /** Lines for the sandbox's start-up notes: how to reach it with kubectl. */
  List<String> notes();

  /** From now on Pipelines written through the API point at the sandbox's Kafka and Redis. */
  void rewritePipelinesWith(PipelineRewriter rewriter);

  /** Called once the CRDs are created; returns when the API serves them. */
  default void awaitServed(List<String> crdNames) {}

  @Override
  void close();
}
