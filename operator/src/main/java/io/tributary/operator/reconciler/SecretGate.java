package io.tributary.operator.reconciler;

import io.tributary.operator.config.Rechecks;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.tributary.operator.model.SecretReferences;
import io.tributary.operator.model.SecretReferences.Reference;
import io.tributary.operator.status.Reasons;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The opt-in of referenced Secrets: before a resource's objects are applied (or its Secrets read),
 * every Secret it references must exist and carry {@code tributary.io/usable-by-pipelines: "true"}
 * (see {@link SecretReferences}); else the resource gets {@code Ready=False}, reason
 * {@value Reasons#SECRET_NOT_USABLE}, and nothing is applied. Secrets are not watched: a refused
 * resource is looked at again every {@link Rechecks#refused}, so labelling the Secret is enough.
 */
final class SecretGate {
  private SecretGate() {}

  /** The verdict for the first reference that is not usable, in order; empty when all are. */
  static Optional<Verdict> check(OperatorServices services, String namespace, List<Reference> refs) {
    for (Reference ref : refs) {
      Optional<String> problem = problem(services, namespace, ref);
      if (problem.isPresent()) {
        return Optional.of(new Verdict(Reasons.SECRET_NOT_USABLE, problem.get()));
      }
    }
    return Optional.empty();
  }

  /** Why the referenced Secret cannot be used, or empty. */
  static Optional<String> problem(OperatorServices services, String namespace, Reference ref) {
    Secret secret;
    try {
      secret = services.client().secrets().inNamespace(namespace).withName(ref.secret()).get();
    } catch (KubernetesClientException e) {
      return Optional.of(ref.field() + " of " + ref.owner() + ": cannot read Secret \"" + ref.secret()
          + "\" in namespace \"" + namespace + "\" (HTTP " + e.getCode() + ")"
          + (e.getCode() == 403 ? ": the operator may not read Secrets there (chart value rbac.secretNamespaces)" : ""));
    }
    return problem(secret, namespace, ref);
  }

  /** Why {@code secret} (null: absent) cannot be used for {@code ref}, or empty. */
  static Optional<String> problem(Secret secret, String namespace, Reference ref) {
    if (secret == null) {
      return Optional.of(ref.field() + " of " + ref.owner() + ": Secret \"" + ref.secret()
          + "\" not found in namespace \"" + namespace + "\"");
    }
    if (!SecretReferences.usable(secret.getMetadata().getLabels())) {
      return Optional.of(SecretReferences.notLabelled(ref, namespace));
    }
    return Optional.empty();
  }
}
