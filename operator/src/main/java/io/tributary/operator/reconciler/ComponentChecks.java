package io.tributary.operator.reconciler;

import io.tributary.api.v1alpha1.HttpAuth;
import io.tributary.api.v1alpha1.HttpSource;
import io.tributary.api.v1alpha1.Pipeline;
import io.tributary.runtime.config.NextScheduleTime;
import io.tributary.operator.model.TopicModel;
import io.tributary.runtime.config.ConfigProblem;
import io.tributary.runtime.config.ConfigValidator;
import io.tributary.runtime.config.RuntimeConfig;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The checks only the operator can make for Producers, Workers and EtlSchedules. */
final class ComponentChecks {
  private ComponentChecks() {}

  static Verdict pipelineMissing(String namespace, String pipeline) {
    return new Verdict(Verdict.PIPELINE_NOT_FOUND,
        "spec.pipeline: Pipeline \"" + pipeline + "\" not found in namespace \"" + namespace + "\"");
  }

  /**
   * {@code spec.waitFor.worker} must be a Worker of the namespace, of the same Pipeline, reading a
   * Kafka topic (the gate reads its consumer group's lag).
   */
  static Optional<Verdict> waitForWorker(io.tributary.api.v1alpha1.EtlWaitFor waitFor, io.tributary.api.v1alpha1.Worker worker,
      String namespace, String pipeline) {
    if (waitFor == null || waitFor.getWorker() == null) {
      return Optional.empty();
    }
    String name = waitFor.getWorker();
    if (worker == null) {
      return Optional.of(new Verdict(Verdict.WAIT_FOR_WORKER_INVALID,
          "spec.waitFor.worker: Worker \"" + name + "\" not found in namespace \"" + namespace + "\""));
    }
    if (!pipeline.equals(worker.getSpec().getPipeline())) {
      return Optional.of(new Verdict(Verdict.WAIT_FOR_WORKER_INVALID, "spec.waitFor.worker: Worker \"" + name
          + "\" belongs to Pipeline \"" + worker.getSpec().getPipeline() + "\", not to \"" + pipeline + "\""));
    }
    if (worker.getSpec().getInput() == null || worker.getSpec().getInput().getTopic() == null) {
      return Optional.of(new Verdict(Verdict.WAIT_FOR_WORKER_INVALID, "spec.waitFor.worker: Worker \"" + name
          + "\" reads no Kafka topic (a Redis stream input has no consumer group lag to wait for)"));
    }
    return Optional.empty();
  }

  /** The topic at {@code field} must be declared in the Pipeline (or be its dead-letter topic). */
  static Optional<Verdict> topicDeclared(String field, String topic, Pipeline pipeline) {
    if (topic == null) {
      return Optional.empty();
    }
    List<String> usable = TopicModel.usableTopicNames(pipeline);
    if (usable.contains(topic)) {
      return Optional.empty();
    }
    return Optional.of(new Verdict(Verdict.TOPIC_NOT_DECLARED,
        field + ": topic \"" + topic + "\" is not declared in Pipeline \"" + pipeline.getMetadata().getName()
            + "\" (declared: " + String.join(", ", usable) + ")"));
  }

  /**
   * The runtime's own validation of the configuration the operator built; paths of the role section
   * are reported as {@code spec...} paths of the CR, paths elsewhere as the Pipeline's.
   */
  static Optional<Verdict> runtimeAccepts(RuntimeConfig config, String section, Pipeline pipeline) {
    List<ConfigProblem> problems = ConfigValidator.validate(config);
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    String message =
        problems.stream()
            .map(p -> p.rebase(section, "spec"))
            .map(p -> p.path().startsWith("spec")
                ? p.toString()
                : "Pipeline \"" + pipeline.getMetadata().getName() + "\" " + p)
            .collect(Collectors.joining("; "));
    return Optional.of(new Verdict(Verdict.INVALID_CONFIG, message));
  }

  /** {@code spec.schedule} and {@code spec.timeZone} of an EtlSchedule, as the CronJob controller reads them. */
  static Optional<Verdict> scheduleValid(String schedule, String timeZone) {
    try {
      NextScheduleTime.validate(schedule, timeZone);
      return Optional.empty();
    } catch (NextScheduleTime.InvalidScheduleException e) {
      return Optional.of(new Verdict(Verdict.INVALID_SCHEDULE, e.getMessage()));
    }
  }

  /**
   * {@code spec.source.http}: a token with {@code auth: token} (the default), none with
   * {@code auth: none}. The CRD refuses both already (CEL); this holds the same line where no CEL
   * ran: objects stored before the rule existed, API servers without CEL.
   */
  static Optional<Verdict> ingestAuthentication(HttpSource http) {
    if (http == null) {
      return Optional.empty();
    }
    boolean open = http.getAuth() == HttpAuth.NONE;
    if (!open && http.getTokenSecretRef() == null) {
      return Optional.of(new Verdict(Verdict.INVALID_CONFIG, HttpSource.TOKEN_REQUIRED));
    }
    if (open && http.getTokenSecretRef() != null) {
      return Optional.of(new Verdict(Verdict.INVALID_CONFIG, HttpSource.TOKEN_WITH_AUTH_NONE));
    }
    return Optional.empty();
  }

  /** The first verdict among the checks, in order. */
  @SafeVarargs
  static Optional<Verdict> first(Optional<Verdict>... checks) {
    for (Optional<Verdict> check : checks) {
      if (check.isPresent()) {
        return check;
      }
    }
    return Optional.empty();
  }
}
