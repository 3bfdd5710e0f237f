package io.tributary.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * Writes retried on a conflict, as {@code kubectl edit} does: a test's read-change-write meets a
 * 409 when a controller (the operator, the sandbox's) wrote the object in between.
 */
public final class Conflicts {
  /** Enough for any controller's burst of writes; a write that conflicts this often is a finding. */
  static final int MAX_ATTEMPTS = 20;

  private Conflicts() {}

  /** Runs {@code write} (which must read what it changes) again on a 409; any other failure at once. */
  public static <T> T retry(Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
