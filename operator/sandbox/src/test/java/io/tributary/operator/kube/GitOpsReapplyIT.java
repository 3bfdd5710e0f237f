package io.tributary.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.tributary.runtime.config.NextScheduleTime;
import io.tributary.operator.sandbox.kube.AuditLog;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.Kubectl;
import io.tributary.operator.testing.kube.OperatorOnCluster;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import io.tributary.runtime.embedded.EmbeddedKafkaBroker;
import io.tributary.runtime.embedded.EmbeddedRedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitOps on a real cluster: the examples, applied server-side by a second field manager as Argo CD
 * and Flux do ({@code kubectl apply --server-side --field-manager=argocd}, user
 * {@code gitops-controller}), and re-applied every few seconds while the operator and its
 * autoscaler run. No re-apply meets a conflict, the applied fields keep the user's values (no
 * drift: {@code kubectl diff} finds nothing, and no other manager owns a spec field), and at steady
 * state the audit log shows not one write by the operator. A change committed to the repository is
 * then followed, with writes to the changed component's objects only.
 */
@RealControlPlane
class GitOpsReapplyIT {
  private static final String FIELD_MANAGER = "argocd";
  private static final Duration REAPPLY_EVERY = Duration.ofSeconds(5);
  private static final Duration STEADY_STATE = Duration.ofSeconds(45);
  /** The autoscaler polls every 10 s: a quiet period must cover a few polls. */
  private static final Duration QUIET = Duration.ofSeconds(25);

  @Test
  void reappliedExamplesMeetNoConflictNoDriftAndNoWriteByTheOperator(LocalControlPlane plane, TestNamespace namespace,
      @TempDir Path dir) {
    ClusterCrds.installAll(plane);
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        EmbeddedRedisServer redis = EmbeddedRedisServer.startOnFreePort();
        OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs(OperatorWrites.OPERATOR));
        KubernetesClient admin = plane.adminClient()) {
      Path manifests = ExampleManifests.rewritten(CrdsOnRealServerIT.examples(), kafka.bootstrapServers(), redis.url(), dir);
      List<ObjectNode> applied = ExampleManifests.read(manifests);
      Kubectl argocd = new Kubectl(plane.kubectl(),
          plane.writeKubeconfig(dir.resolve("gitops.kubeconfig"), plane.tokenOf("gitops-controller")));
      OperatorWrites writes = OperatorWrites.of(plane, namespace);

      long beforeFirstApply = writes.mark();
      apply(argocd, namespace, manifests);
      await("every resource reconciled").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(applied).allSatisfy(o -> reconciled(admin, namespace, o)));
      // the operator did its work (children, topics' status, finalizers) — as itself
      assertThat(writes.since(beforeFirstApply)).isNotEmpty();
      stayClearOfScheduledRuns(applied, STEADY_STATE.plus(QUIET).plusSeconds(30));
      writes.awaitQuiet(QUIET, Duration.ofSeconds(180));

      long steady = writes.mark();
      Instant end = Instant.now().plus(STEADY_STATE);
      int reapplies = 0;
      while (Instant.now().isBefore(end)) {
        apply(argocd, namespace, manifests);
        reapplies++;
        OperatorWrites.sleep(REAPPLY_EVERY);
      }

      List<AuditLog.Write> operatorWrites = writes.since(steady);
      assertThat(reapplies).isGreaterThanOrEqualTo(8);
      // the log did record the window: one server-side apply (a PATCH) per object per re-apply
      assertThat(plane.audit().writesSince(steady, "gitops-controller"))
          .filteredOn(w -> w.verb().equals("patch")).hasSizeGreaterThanOrEqualTo(reapplies * applied.size());
      assertThat(operatorWrites).as("writes by the operator during %s re-applies", reapplies).isEmpty();
      // and the autoscaler was at work all along, observing its Workers
      assertThat(applied).filteredOn(o -> "Worker".equals(kind(o)) && o.path("spec").has("autoscaling"))
          .hasSize(2).allSatisfy(o -> observedByTheAutoscaler(admin, namespace, o));
      Kubectl.Result diff = argocd.run("diff", "--server-side", "--field-manager=" + FIELD_MANAGER,
          "-n", namespace.name(), "-f", manifests.toString());
      assertThat(diff.exit()).as("kubectl diff (0: no drift): %s", diff).isZero();
      assertThat(applied).allSatisfy(o -> onlyTheUserOwnsTheSpec(admin, namespace, o));

      // a commit to the repository: the operator follows it, touching only what changed
      ObjectNode taskExecutor = applied.stream().filter(o -> "Worker".equals(kind(o)) && "task-executor".equals(name(o)))
          .findFirst().orElseThrow();
      ((ObjectNode) taskExecutor.get("spec")).put("replicas", 3);
      ExampleManifests.write(applied, manifests);
      long changed = writes.mark();
      apply(argocd, namespace, manifests);
      await("task-executor scaled to 3 from git").atMost(Duration.ofSeconds(60)).until(() ->
          deploymentReplicas(admin, namespace, "task-executor-worker") == 3);
      writes.awaitQuiet(QUIET, Duration.ofSeconds(120));
      assertThat(writes.since(changed)).filteredOn(w -> !w.resource().equals("events"))
          .isNotEmpty().allSatisfy(w -> assertThat(w.name()).startsWith("task-executor"));
      assertThat(deploymentReplicas(admin, namespace, "payments-api-producer")).isEqualTo(2);
    }
  }

  private static int deploymentReplicas(KubernetesClient client, TestNamespace namespace, String name) {
    var deployment = client.apps().deployments().inNamespace(namespace.name()).withName(name).get();
    return deployment.getSpec().getReplicas();
  }

  private static void apply(Kubectl argocd, TestNamespace namespace, Path manifests) {
    // no --force-conflicts: a field another manager took would fail the apply with a conflict
    Kubectl.Result result = argocd.run("apply", "--server-side", "--field-manager=" + FIELD_MANAGER,
        "-n", namespace.name(), "-f", manifests.toString());
    assertThat(result.ok()).as("kubectl apply --server-side: %s", result).isTrue();
    assertThat(result.err()).as("warnings or conflicts: %s", result).doesNotContainIgnoringCase("conflict");
  }

  /** The operator has seen this generation and written its status. */
  private static void reconciled(KubernetesClient client, TestNamespace namespace, ObjectNode applied) {
    GenericKubernetesResource live = live(client, namespace, applied);
    assertThat(live).as("%s %s", kind(applied), name(applied)).isNotNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) live.getAdditionalProperties().get("status");
    assertThat(status).as("status of %s %s", kind(applied), name(applied)).isNotNull();
    assertThat(((Number) status.get("observedGeneration")).longValue())
        .as("observedGeneration of %s %s", kind(applied), name(applied))
        .isEqualTo(live.getMetadata().getGeneration());
  }

  /** The autoscaler has written its view of the Worker: lag, desired replicas, a healthy scaler. */
  @SuppressWarnings("unchecked")
  private static void observedByTheAutoscaler(KubernetesClient client, TestNamespace namespace, ObjectNode applied) {
    Map<String, Object> status = (Map<String, Object>) live(client, namespace, applied).getAdditionalProperties()
        .get("status");
    assertThat(status).as("status of Worker %s", name(applied)).containsKeys("lag", "desiredReplicas");
    assertThat((List<Map<String, Object>>) status.get("conditions")).anySatisfy(c -> {
      assertThat(c.get("type")).isEqualTo("ScalerHealthy");
      assertThat(c.get("status")).isEqualTo("True");
    });
  }

  /** No manager but the user's owns a field of the spec (the operator writes status and finalizers only). */
  private static void onlyTheUserOwnsTheSpec(KubernetesClient client, TestNamespace namespace, ObjectNode applied) {
    GenericKubernetesResource live = live(client, namespace, applied);
    List<String> specOwners = new ArrayList<>();
    for (ManagedFieldsEntry entry : live.getMetadata().getManagedFields()) {
      boolean ownsSpec = entry.getFieldsV1() != null && entry.getFieldsV1().getAdditionalProperties().containsKey("f:spec");
      if (ownsSpec && entry.getSubresource() == null) {
        specOwners.add(entry.getManager() + " (" + entry.getOperation() + ")");
      }
    }
    assertThat(specOwners).as("managers of %s %s's spec", kind(applied), name(applied))
        .containsExactly(FIELD_MANAGER + " (Apply)");
  }

  /**
   * Moves the steady-state window past the next run of a schedule: EtlSchedule.status
   * .nextScheduleTime rightly changes when a run time passes, which is not what this test is about.
   */
  private static void stayClearOfScheduledRuns(List<ObjectNode> applied, Duration window) {
    Instant now = Instant.now();
    Optional<Instant> next = applied.stream().filter(o -> "EtlSchedule".equals(kind(o)))
        .map(o -> NextScheduleTime.after(o.path("spec").path("schedule").asText(),
            o.path("spec").path("timeZone").asText("UTC"), now))
        .flatMap(Optional::stream)
        .min(Instant::compareTo);
    if (next.isPresent() && next.get().isBefore(now.plus(window))) {
      OperatorWrites.sleep(Duration.between(now, next.get()).plusSeconds(5));
    }
  }

  private static GenericKubernetesResource live(KubernetesClient client, TestNamespace namespace, ObjectNode applied) {
    String apiVersion = applied.path("apiVersion").asText();
    String group = apiVersion.substring(0, apiVersion.indexOf('/'));
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    String plural = kind(applied).toLowerCase() + "s";
    var context = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
        .withKind(kind(applied)).withPlural(plural).withNamespaced(true).build();
    return client.genericKubernetesResources(context).inNamespace(namespace.name()).withName(name(applied)).get();
  }

  private static String kind(ObjectNode object) {
    return object.path("kind").asText();
  }

  private static String name(ObjectNode object) {
    return object.path("metadata").path("name").asText();
  }
}
