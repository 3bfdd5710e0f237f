package io.tributary.operator.sandbox.node;

/**
 * Who a local pod is and who owns it.
 *
 * @param ownerKind {@code Deployment} or {@code Job}
 * @param templateHash the owner's pod template hash (Deployments), empty for Jobs
 * @param index the replica slot {@code n} in {@code <deploy>-<hash>-<n>}; 0 for Jobs
 */
record PodIdentity(String namespace, String name, String ownerKind, String ownerName, String ownerUid,
    String templateHash, int index) {

  String key() {
    return namespace + "/" + name;
  }
}
