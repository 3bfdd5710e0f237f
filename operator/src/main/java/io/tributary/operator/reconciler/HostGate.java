package io.tributary.operator.reconciler;

import io.tributary.api.v1alpha1.EtlExtract;
import io.tributary.api.v1alpha1.EtlSchedule;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.operator.model.PipelineWiring;
import io.tributary.operator.status.Reasons;
import io.tributary.runtime.config.AllowedHosts;
import java.util.Optional;

/**
 * The operator's allowed hosts ({@link AllowedHosts#ENV}) applied to what a resource names: before
 * the operator connects to a Pipeline's Kafka (topics, lag, ACLs) or Redis, or applies a
 * component's pods, every host must be in the list; else {@code Ready=False}, reason
 * {@value Reasons#HOST_NOT_ALLOWED}, a message naming the field and the host, and nothing is
 * applied or connected to. What the operator cannot see (a Redis URL kept in a Secret, an extract's
 * redirects) the runtime pods check themselves, from the same list in their env.
 */
final class HostGate {
  private HostGate() {}

  /**
   * The verdict on a Pipeline's Kafka and Redis hosts.
   *
   * @param wiring the Pipeline's wiring, with the resolved bootstrap address
   */
  static Optional<Verdict> check(OperatorServices services, Pipeline pipeline, PipelineWiring wiring) {
    AllowedHosts allowed = services.settings().allowedHosts();
    if (allowed.allowsAny()) {
      return Optional.empty();
    }
    var strimzi = pipeline.getSpec().getKafka().getStrimzi();
    String kafkaField = strimzi == null ? "spec.kafka.bootstrapServers"
        : "spec.kafka.strimzi (the bootstrap address of Kafka " + strimzi.getCluster() + ")";
    Optional<String> refused = allowed.refusal(kafkaField, wiring.kafka().bootstrapServers(), AllowedHosts.Kind.SERVERS);
    if (refused.isEmpty() && wiring.redis() != null) {
      refused = allowed.refusal("spec.redis.url", wiring.redis().url(), AllowedHosts.Kind.URL);
    }
    return refused.map(HostGate::verdict);
  }

  /** The verdict on an EtlSchedule's extract URL ({@code http} or {@code csv}). */
  static Optional<Verdict> check(OperatorServices services, EtlSchedule schedule) {
    AllowedHosts allowed = services.settings().allowedHosts();
    EtlExtract extract = schedule.getSpec().getExtract();
    if (allowed.allowsAny() || extract == null) {
      return Optional.empty();
    }
    if (extract.getHttp() != null) {
      return allowed.refusal("spec.extract.http.url", extract.getHttp().getUrl(), AllowedHosts.Kind.URL)
          .map(HostGate::verdict);
    }
    if (extract.getCsv() != null && extract.getCsv().getUrl() != null) {
      return allowed.refusal("spec.extract.csv.url", extract.getCsv().getUrl(), AllowedHosts.Kind.URL)
          .map(HostGate::verdict);
    }
    return Optional.empty();
  }

  private static Verdict verdict(String message) {
    return new Verdict(Reasons.HOST_NOT_ALLOWED, message);
  }
}
