package io.tributary.operator.sandbox.e2e;

import io.tributary.operator.sandbox.SandboxOptions;

/**
 * {@link ReplayEndToEndIT} on the real control plane (kube-apiserver with our CRDs, their CEL
 * rules and status schema, and kube-controller-manager), pods still run by the local node.
 */
class ReplayOnRealApiIT extends ReplayEndToEndIT {
  @Override
  SandboxOptions.ApiMode api() {
    return SandboxOptions.ApiMode.REAL;
  }

  @Override
  String sandboxName() {
    return "e2e-replay-real-api";
  }
}
