package io.tributary.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tributary.operator.reconciler.WorkerStatusWritersIT;
import io.tributary.operator.sandbox.kube.LocalControlPlane;
import io.tributary.operator.testing.Fixtures;
import io.tributary.operator.testing.kube.ClusterCrds;
import io.tributary.operator.testing.kube.OperatorOnCluster;
import io.tributary.operator.testing.kube.RealControlPlane;
import io.tributary.operator.testing.kube.TestNamespace;
import org.junit.jupiter.api.Test;

/**
 * One writer per status field, on a real kube-apiserver: the reconciler and the autoscaler race on
 * one Worker's status (the scenario of {@link WorkerStatusWritersIT}); the server answers the
 * resourceVersion-locked patches with real 409s, both retry, and each ends with its own last values.
 */
@RealControlPlane
class WorkerStatusWritersOnRealServerIT {

  @Test
  void bothWritersEachEndWithTheirOwnLastValuesUnderRealConflicts(LocalControlPlane plane, TestNamespace namespace)
      throws Exception {
    ClusterCrds.installAll(plane);
    try (OperatorOnCluster operator = OperatorOnCluster.start(plane.clientAs("tributary-operator"));
        KubernetesClient client = plane.adminClient()) {
      client.resource(in(namespace, Fixtures.strimziPipeline("racing"))).create();
      client.resource(in(namespace, Fixtures.cacheWorker(WorkerStatusWritersIT.WORKER, "racing"))).create();
      WorkerStatusWritersIT.hammer(client, namespace.name(), operator.meters());
    }
  }

  private static <T extends HasMetadata> T in(TestNamespace namespace, T resource) {
    resource.getMetadata().setNamespace(namespace.name());
    return resource;
  }
}
