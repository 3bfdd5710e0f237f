package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/** What the node's controllers and pods share. */
record NodeContext(KubernetesClient client, PodLauncher launcher, LocalNodeSettings settings, Clock clock,
    PodVolumes volumes, PodEnvironment environment, ReadinessProber prober, RestartBackoff backoff) {

  static NodeContext create(KubernetesClient client, PodLauncher launcher, LocalNodeSettings settings, Clock clock) {
    ApiObjects api = new ApiObjects(client);
    return new NodeContext(client, launcher, settings, clock, new PodVolumes(api), new PodEnvironment(api),
        new ReadinessProber(), RestartBackoff.standard());
  }
}
