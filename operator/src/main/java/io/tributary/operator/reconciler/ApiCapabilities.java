package io.tributary.operator.reconciler;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.model.UpstreamKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which optional kinds the cluster serves: a kind is used when its CustomResourceDefinition
 * ({@code apiextensions.k8s.io/v1}) exists and serves the version the operator writes. Answers
 * are cached briefly, so installing Strimzi or the Prometheus Operator later is noticed without a
 * restart.
 */
public final class ApiCapabilities {
  private static final Duration TTL = Duration.ofSeconds(30);
  private final KubernetesClient client;
  private final Clock clock;
  private final Map<UpstreamKind, Answer> cache = new ConcurrentHashMap<>();

  private record Answer(boolean served, Instant at) {}

  public ApiCapabilities(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public boolean served(UpstreamKind kind) {
    Instant now = clock.instant();
    Answer cached = cache.get(kind);
    if (cached != null && cached.at().plus(TTL).isAfter(now)) {
      return cached.served();
    }
    boolean served = lookUp(kind);
    cache.put(kind, new Answer(served, now));
    return served;
  }

  /** Why a kind is skipped, for status messages. */
  public static String whySkipped(UpstreamKind kind) {
    return kind.kind + " skipped: CRD " + kind.crdName() + " (" + kind.apiVersion() + ") is not served; install "
        + kind.project;
  }

  private boolean lookUp(UpstreamKind kind) {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().withName(kind.crdName()).get();
    return crd != null
        && crd.getSpec() != null
        && crd.getSpec().getVersions().stream()
            .anyMatch(v -> kind.version.equals(v.getName()) && Boolean.TRUE.equals(v.getServed()));
  }
}
