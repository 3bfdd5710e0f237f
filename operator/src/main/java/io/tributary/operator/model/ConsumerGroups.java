package io.tributary.operator.model;

import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.runtime.config.Role;
import io.tributary.runtime.config.RuntimeConfig;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The Kafka consumer groups of a Pipeline's components and the one rule against sharing them
 * (pure). Default names come from the runtime's {@link RuntimeConfig#defaultConsumerGroup(Role,
 * String, String)}, the single definition the workers and ETL runs use too: a Worker's {@code
 * <pipeline>.<worker>}, an EtlSchedule's {@code <pipeline>.etl.<schedule>}.
 *
 * <p>Two components of one Pipeline (so of one Kafka cluster) in the same group take each other's
 * offsets: an ETL run's commit moves a Worker's position (records skipped or read twice), two
 * Workers split the partitions between them. Of two components with the same group the one created
 * later is refused, so that the one already running keeps running; equal creation times fall back
 * to kind (the Worker keeps its group) and name, so exactly one of them is refused.
 */
public final class ConsumerGroups {
  /** Kinds as in messages and conditions. */
  public static final String WORKER = "Worker";
  public static final String ETL_SCHEDULE = "EtlSchedule";

  private ConsumerGroups() {}

  /**
   * A component reading a topic in a consumer group.
   *
   * @param kind {@value #WORKER} or {@value #ETL_SCHEDULE}
   * @param name the component's name
   * @param pipeline its Pipeline
   * @param group the consumer group it reads in
   * @param field the spec field that sets the group, for messages
   * @param explicit whether that field is set (else the group is the default)
   * @param createdAt {@code metadata.creationTimestamp} (RFC 3339; null sorts last: not created yet)
   */
  public record Member(String kind, String name, String pipeline, String group, String field, boolean explicit,
      String createdAt) {}

  /** The Worker's group; empty for a Redis stream input (no Kafka group). */
  public static Optional<Member> of(Worker worker) {
    var spec = worker.getSpec();
    if (spec == null || spec.getInput() == null || spec.getInput().getTopic() == null) {
      return Optional.empty();
    }
    String name = worker.getMetadata().getName();
    String explicit = spec.getInput().getTopic().getConsumerGroup();
    String group = explicit != null ? explicit : RuntimeConfig.defaultConsumerGroup(Role.WORKER, spec.getPipeline(), name);
    return Optional.of(new Member(WORKER, name, spec.getPipeline(), group, "spec.input.topic.consumerGroup",
        explicit != null, worker.getMetadata().getCreationTimestamp()));
  }

  /** The EtlSchedule's group; empty unless it extracts a topic. */
  public static Optional<Member> of(EtlSchedule schedule) {
    var spec = schedule.getSpec();
    if (spec == null || spec.getExtract() == null || spec.getExtract().getTopic() == null) {
      return Optional.empty();
    }
    String name = schedule.getMetadata().getName();
    String explicit = spec.getExtract().getTopic().getConsumerGroup();
    String group = explicit != null ? explicit : RuntimeConfig.defaultConsumerGroup(Role.ETL, spec.getPipeline(), name);
    return Optional.of(new Member(ETL_SCHEDULE, name, spec.getPipeline(), group, "spec.extract.topic.consumerGroup",
        explicit != null, schedule.getMetadata().getCreationTimestamp()));
  }

  /** The default group of a Worker (for lag observation and KEDA when the spec names none). */
  public static String workerDefault(String pipeline, String worker) {
    return RuntimeConfig.defaultConsumerGroup(Role.WORKER, pipeline, worker);
  }

  /**
   * Why {@code self} may not use its group: the message names the field (or that the group is the
   * default), the group and the other component; empty when no earlier component of the same
   * Pipeline reads in that group.
   *
   * @param others the Workers' and EtlSchedules' members of the namespace (self among them or not)
   */
  public static Optional<String> conflict(Member self, List<Member> others) {
    return others.stream()
        .filter(o -> !(o.kind().equals(self.kind()) && o.name().equals(self.name())))
        .filter(o -> o.pipeline() != null && o.pipeline().equals(self.pipeline()) && o.group().equals(self.group()))
        .filter(o -> FIRST.compare(o, self) < 0)
        .min(FIRST)
        .map(o -> (self.explicit() ? self.field() + ": consumer group \"" + self.group() + "\""
                : "the default consumer group \"" + self.group() + "\" (set " + self.field() + " to choose another)")
            + " is already the consumer group of " + o.kind() + " " + o.name() + " in Pipeline " + self.pipeline()
            + ": two components in one group take each other's offsets; give one of them its own group");
  }

  /**
   * Earlier creation first; created in the same second, a Worker before an EtlSchedule (a running
   * consumer's position matters more than a batch run's), then by name: of two components exactly
   * one is first.
   */
  private static final Comparator<Member> FIRST = Comparator
      .comparing(Member::createdAt, Comparator.nullsLast(Comparator.<String>naturalOrder()))
      .thenComparing(m -> WORKER.equals(m.kind()) ? 0 : 1)
      .thenComparing(Member::name);
}
