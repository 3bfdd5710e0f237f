package io.tributary.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.config.OperatorSettings;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.kube.OperatorOnCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production operator ({@link OperatorOnCluster}) as the chart deploys it: its settings from
 * the environment the chart's Deployment renders, authenticated with a TokenRequest token of the
 * chart's ServiceAccount, authorized by the chart's (Cluster)Roles on the real API server, every
 * request and answer recorded.
 *
 * <p>The operator starts in the background: an informer the authorizer refuses keeps JOSDK's
 * start waiting for its cache sync timeout, while the refusal is already seen. Closing takes the
 * RBAC away at once (an operator still starting can then do nothing) and stops the operator as
 * soon as its start returns.
 */
final class OperatorUnderChartRbac implements AutoCloseable {
  private static final Pattern MISSING_LEASE_VERBS = Pattern.compile("missing required verbs: \\[([a-z, ]*)]");

  private final ChartRbac rbac;
  private final ApiCallRecorder recorder = new ApiCallRecorder();
  private final Set<String> namespaces;
  private final List<Refusal> reported = new CopyOnWriteArrayList<>();
  private final CompletableFuture<OperatorOnCluster> operator;
  private CompletableFuture<Void> stopped;

  private OperatorUnderChartRbac(LocalControlPlane plane, KubernetesClient admin, RenderedChart chart,
      Set<String> namespaces, Optional<ApiRequest.Permission> without) {
    this.namespaces = namespaces;
    this.rbac = ChartRbac.apply(admin, chart, without);
    KubernetesClient client = recorder.client(plane.config(rbac.token()));
    OperatorSettings settings = settings(chart, rbac.namespace());
    // a thread of its own: the common pool may have a single thread, and starts may wait 30 s each
    this.operator = CompletableFuture.supplyAsync(() -> OperatorOnCluster.start(client, settings),
        start -> {
          Thread thread = new Thread(start, "operator-start-" + rbac.serviceAccount());
          thread.setDaemon(true); // a start still waiting when the tests end must not hold the JVM
          thread.start();
        });
    operator.exceptionally(failure -> {
      leaseVerbsRefused(failure);
      return null;
    });
  }

  /**
   * Applies the chart's RBAC (without {@code without}, if given) and starts the operator with it.
   *
   * @param namespaces where this run's objects live: refusals elsewhere (other tests' namespaces
   *     that a cluster-wide operator also sees, being deleted) are not this run's
   */
  static OperatorUnderChartRbac start(LocalControlPlane plane, KubernetesClient admin, RenderedChart chart,
      Set<String> namespaces, Optional<ApiRequest.Permission> without) {
    return new OperatorUnderChartRbac(plane, admin, chart, namespaces, without);
  }

  /** The operator's settings as its pod would read them: the chart's env plus the downward API. */
  static OperatorSettings settings(RenderedChart chart, String podNamespace) {
    JsonNode container = chart.ofKind("Deployment").get(0).at("/spec/template/spec/containers/0");
    Map<String, String> env = new HashMap<>();
    for (JsonNode e : container.path("env")) {
      if (e.has("value")) {
        env.put(e.path("name").asText(), e.path("value").asText());
      }
    }
    env.put("POD_NAMESPACE", podNamespace);
    return OperatorSettings.fromEnvironment(env);
  }

  ChartRbac rbac() {
    return rbac;
  }

  ApiCallRecorder recorder() {
    return recorder;
  }

  /** Adds a refusal seen by other means than an answer (the owner-reference check). */
  void report(Refusal refusal) {
    reported.add(refusal);
  }

  /** What the authorizer refused the operator in this run's namespaces (or cluster-wide). */
  List<Refusal> refusals() {
    List<Refusal> refusals = new ArrayList<>();
    for (ApiCallRecorder.Call call : recorder.forbidden()) {
      call.request().filter(r -> r.namespace().isEmpty() || namespaces.contains(r.namespace()))
          .ifPresent(r -> refusals.add(new Refusal(r, call.toString())));
    }
    refusals.addAll(reported);
    return refusals;
  }

  /** Whether {@code permission} was refused. */
  boolean refused(ApiRequest.Permission permission) {
    return refusals().stream().anyMatch(r -> r.permission().equals(permission));
  }

  /** JOSDK asks with a SelfSubjectRulesReview for get, create and update on Leases before it leads. */
  private void leaseVerbsRefused(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher missing = MISSING_LEASE_VERBS.matcher(String.valueOf(t.getMessage()));
      if (missing.find()) {
        for (String verb : missing.group(1).split(",\\s*")) {
          reported.add(new Refusal(new ApiRequest(rbac.namespace(), "coordination.k8s.io", "leases", verb),
              "SelfSubjectRulesReview: " + t.getMessage()));
        }
        return;
      }
    }
  }

  /** Takes the RBAC away and stops the operator once its start returned; does not wait for that. */
  @Override
  public synchronized void close() {
    if (stopped != null) {
      return;
    }
    rbac.close();
    stopped = operator.handle((o, failure) -> {
      if (o != null) {
        o.close();
      }
      return null;
    });
  }

}
