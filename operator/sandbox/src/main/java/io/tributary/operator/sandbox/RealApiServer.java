package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The sandbox on the real control plane ({@code sandbox --api real}): etcd, kube-apiserver and
 * kube-controller-manager built from {@code .ci/kube} ({@link LocalControlPlane}), so admission
 * (schemas, CEL rules, strict field validation), server-side apply, RBAC and garbage collection are
 * the real ones. Pipelines are pointed at the sandbox's Kafka and Redis by a mutating webhook
 * ({@link PipelineWebhook}). Writes a kubeconfig for kubectl into the output folder.
 */
final class RealApiServer implements SandboxApi {
  private final LocalControlPlane plane;
  private final Path outputDir;
  private final Path kubeconfig;
  private PipelineWebhook webhook;

  private RealApiServer(LocalControlPlane plane, Path outputDir) {
    this.plane = plane;
    this.outputDir = outputDir;
    this.kubeconfig = plane.writeKubeconfig(outputDir.toAbsolutePath().resolve("kubeconfig"), plane.adminToken());
  }

  static RealApiServer start(Path outputDir) {
    return new RealApiServer(LocalControlPlane.start(), outputDir);
  }

  @Override
  public String url() {
    return plane.url();
  }

  @Override
  public KubernetesClient createClient() {
    return plane.adminClient();
  }

  @Override
  public List<String> notes() {
    return List.of("Kubernetes API  " + url() + "  (real control plane: kube-apiserver, etcd, kube-controller-manager;"
            + " logs in " + plane.directory() + ")",
        "kubectl         kubectl --kubeconfig " + kubeconfig + " get tributary,pods   (kubectl of the same version: "
            + plane.kubectl() + ")");
  }

  @Override
  public void rewritePipelinesWith(PipelineRewriter rewriter) {
    webhook = PipelineWebhook.start(outputDir.toAbsolutePath().resolve("webhook"), rewriter);
    try (KubernetesClient client = createClient()) {
      webhook.register(client);
    }
  }

  @Override
  public void awaitServed(List<String> crdNames) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    try (KubernetesClient client = createClient()) {
      for (String name : crdNames) {
        while (!established(client.apiextensions().v1().customResourceDefinitions().withName(name).get())) {
          if (Instant.now().isAfter(deadline)) {
            throw new SandboxStartupException("CRD " + name + " is not Established after 60 s");
          }
          sleep();
        }
      }
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxStartupException("interrupted while waiting for the CRDs");
    }
  }

  /** The control plane underneath (kubeconfig, audit log, kubectl). */
  LocalControlPlane controlPlane() {
    return plane;
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void close() {
    if (webhook != null) {
      webhook.close();
    }
    plane.close();
  }
}
