package io.tributary.operator.sandbox.node;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Job's pod to completion: one pod at a time, a new pod after a failed one (with
 * back-off) until {@code spec.backoffLimit} (default 6) is exceeded, {@code activeDeadlineSeconds}
 * enforced. Writes {@code status.active/succeeded/failed/startTime/completionTime} and the
 * conditions {@code Complete} or {@code Failed}. The pods of a finished Job stay (with their
 * termination message) until the Job is deleted.
 */
final class JobController {
  static final String KIND = "Job";
  private static final Logger LOG = LoggerFactory.getLogger(JobController.class);
  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final NodeContext node;
  private final PodTable pods;
  private final OnceLogger problems = new OnceLogger(LOG);

  JobController(NodeContext node, PodTable pods) {
    this.node = node;
    this.pods = pods;
  }

  void sync(List<Job> jobs, Instant now) {
    Set<String> live = new HashSet<>();
    for (Job job : jobs) {
      if (job.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      live.add(job.getMetadata().getUid());
      String key = "job " + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
      try {
        reconcile(job, now);
        problems.clear(key);
      } catch (RuntimeException e) {
        // one bad object must not stop the node for all the others
        problems.warn(key, e);
      }
    }
    pods.ofKind(KIND).filter(p -> !live.contains(p.id().ownerUid())).forEach(p -> p.terminate(now));
  }

  /** Whether the Job has a {@code Complete} or {@code Failed} condition that is true. */
  static boolean isFinished(Job job) {
    return condition(job, "Complete") || condition(job, "Failed");
  }

  static boolean condition(Job job, String type) {
    return job.getStatus() != null && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private void reconcile(Job job, Instant now) {
    List<PodProcess> owned = pods.ownedBy(job.getMetadata().getUid());
    if (isFinished(job)) {
      owned.stream().filter(p -> !p.isFinished()).forEach(p -> p.terminate(now));
      return;
    }
    JobStatus existing = job.getStatus() == null ? new JobStatus() : job.getStatus();
    Instant startTime = Optional.ofNullable(Timestamps.parse(existing.getStartTime())).orElse(now);
    List<PodProcess> active = owned.stream().filter(p -> !p.isFinished() && !p.isTerminating()).toList();
    int succeeded = (int) owned.stream().filter(p -> p.phase() == PodProcess.Phase.SUCCEEDED).count();
    int failed = (int) owned.stream().filter(p -> p.phase() == PodProcess.Phase.FAILED).count();
    int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
    int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
    Long deadline = job.getSpec().getActiveDeadlineSeconds();

    List<JobCondition> conditions = new ArrayList<>();
    String completionTime = null;
    if (succeeded >= completions) {
      completionTime = Timestamps.format(now);
      conditions.add(condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now));
      conditions.add(condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
    } else if (failed > backoffLimit) {
      active.forEach(p -> p.terminate(now));
      conditions.add(condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now));
      conditions.add(condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now));
    } else if (deadline != null && now.isAfter(startTime.plusSeconds(deadline))) {
      active.forEach(p -> p.terminate(now));
      conditions.add(condition("FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline", now));
      conditions.add(condition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline", now));
    } else if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      active.forEach(p -> p.terminate(now));
      conditions.add(condition("Suspended", "JobSuspended", "Job suspended", now));
    } else if (active.isEmpty() && backoffElapsed(owned, failed, now)) {
      create(job, now);
    }
    int activeCount = (int) pods.ownedBy(job.getMetadata().getUid()).stream()
        .filter(p -> !p.isFinished() && !p.isTerminating()).count();
    JobStatus status = new JobStatusBuilder()
        .withStartTime(Timestamps.format(startTime))
        .withCompletionTime(completionTime)
        .withActive(conditions.isEmpty() && activeCount > 0 ? activeCount : null)
        .withSucceeded(succeeded > 0 ? succeeded : null)
        .withFailed(failed > 0 ? failed : null)
        .withReady((int) owned.stream().filter(PodProcess::isReady).count())
        .withConditions(conditions.isEmpty() ? null : conditions)
        .build();
    if (!sameStatus(existing, status)) {
      Job copy = new JobBuilder(job).withStatus(status).build();
      copy.getMetadata().setResourceVersion(null);
      node.client().batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(copy).updateStatus();
      if (!conditions.isEmpty()) {
        LOG.info("job {}/{}: {}", job.getMetadata().getNamespace(), job.getMetadata().getName(),
            conditions.get(conditions.size() - 1).getType());
      }
    }
  }

  private boolean backoffElapsed(List<PodProcess> owned, int failed, Instant now) {
    if (failed == 0) {
      return true;
    }
    Instant lastFailure = owned.stream()
        .filter(p -> p.phase() == PodProcess.Phase.FAILED)
        .map(p -> p.finalTermination().map(t -> Timestamps.parse(t.getFinishedAt())).orElse(now))
        .max(Instant::compareTo).orElse(now);
    Duration delay = node.backoff().delay(failed);
    return !now.isBefore(lastFailure.plus(delay));
  }

  private void create(Job job, Instant now) {
    String namespace = job.getMetadata().getNamespace();
    String jobName = job.getMetadata().getName();
    String name = jobName + "-" + randomSuffix();
    String uid = job.getMetadata().getUid();
    var pod = PodApi.fromTemplate(name, job, job.getSpec().getTemplate(), Map.of(
        "job-name", jobName,
        "batch.kubernetes.io/job-name", jobName,
        "controller-uid", uid,
        "batch.kubernetes.io/controller-uid", uid));
    if (pod.getSpec().getRestartPolicy() == null || "Always".equals(pod.getSpec().getRestartPolicy())) {
      pod.getSpec().setRestartPolicy("Never");
    }
    LOG.info("job {}/{}: creating pod {}", namespace, jobName, name);
    pods.add(new PodIdentity(namespace, name, KIND, jobName, uid, "", 0), pod, false, now);
  }

  private static boolean sameStatus(JobStatus a, JobStatus b) {
    return Objects.equals(a.getStartTime(), b.getStartTime())
        && Objects.equals(a.getActive(), b.getActive())
        && Objects.equals(a.getSucceeded(), b.getSucceeded())
        && Objects.equals(a.getFailed(), b.getFailed())
        && Objects.equals(a.getReady(), b.getReady())
        && Objects.equals(conditionTypes(a), conditionTypes(b));
  }

  private static List<String> conditionTypes(JobStatus status) {
    return status.getConditions() == null ? List.of()
        : status.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus()).toList();
  }

  private static JobCondition condition(String type, String reason, String message, Instant now) {
    String at = Timestamps.format(now);
    return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastProbeTime(at).withLastTransitionTime(at).build();
  }

  private static String randomSuffix() {
    StringBuilder suffix = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      suffix.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }
}
