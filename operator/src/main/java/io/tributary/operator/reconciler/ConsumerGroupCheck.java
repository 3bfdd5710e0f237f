package io.tributary.operator.reconciler;

import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.operator.model.ConsumerGroups;
import io.tributary.operator.status.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a Worker or EtlSchedule whose Kafka consumer group another component of its Pipeline
 * already reads in ({@link ConsumerGroups#conflict}): reads the namespace's Workers and
 * EtlSchedules, the rule itself is the model's.
 */
final class ConsumerGroupCheck {
  /** Condition reason of the refusal. */
  static final String CONFLICT = Reasons.CONSUMER_GROUP_CONFLICT;

  private ConsumerGroupCheck() {}

  static Optional<Verdict> check(OperatorServices services, String namespace, Optional<ConsumerGroups.Member> self) {
    if (self.isEmpty()) {
      return Optional.empty();
    }
    List<ConsumerGroups.Member> members = new ArrayList<>();
    for (Worker w : services.client().resources(Worker.class).inNamespace(namespace).list().getItems()) {
      ConsumerGroups.of(w).ifPresent(members::add);
    }
    for (EtlSchedule e : services.client().resources(EtlSchedule.class).inNamespace(namespace).list().getItems()) {
      ConsumerGroups.of(e).ifPresent(members::add);
    }
    return ConsumerGroups.conflict(self.get(), members).map(message -> new Verdict(CONFLICT, message));
  }
}
