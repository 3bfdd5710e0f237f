package io.tributary.operator.autoscale;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.tributary.api.v1alpha1.TopicInput;
import io.tributary.api.v1alpha1.Worker;
import io.tributary.api.v1alpha1.WorkerAutoscaling;
import io.tributary.api.v1alpha1.WorkerInput;
import io.tributary.api.v1alpha1.WorkerSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fakes of the autoscaler's dependencies: plain in-memory state a test can read. */
final class Fakes {
  private Fakes() {}

  static Worker worker(String name, WorkerAutoscaling autoscaling) {
    Worker worker = new Worker();
    worker.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").withGeneration(1L).build());
    WorkerSpec spec = new WorkerSpec();
    spec.setPipeline("market-data");
    WorkerInput input = new WorkerInput();
    TopicInput topic = new TopicInput();
    topic.setName("market-data-stream");
    input.setTopic(topic);
    spec.setInput(input);
    spec.setAutoscaling(autoscaling);
    worker.setSpec(spec);
    return worker;
  }

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** A topic whose lag the test sets; or a failure. */
  static final class FakeLagSource implements LagSource {
    final Clock clock;
    volatile long end = 1_000_000;
    volatile long lag;
    volatile int partitions = 12;
    volatile String failure;
    final List<LagTarget> asked = new CopyOnWriteArrayList<>();

    FakeLagSource(Clock clock) {
      this.clock = clock;
    }

    /** {@code arrived} more records, of which {@code lag} are not consumed. */
    void set(long arrived, long lagNow) {
      end += arrived;
      lag = lagNow;
    }

    @Override
    public LagObservation observe(LagTarget target) throws LagObservationException {
      asked.add(target);
      if (failure != null) {
        throw new LagObservationException(failure);
      }
      return new LagObservation(clock.instant(), lag, end, end - lag, partitions, List.of(), 0);
    }
  }

  static final class FakeReplicas implements ReplicaWriter {
    final Map<String, Integer> replicas = new ConcurrentHashMap<>();
    final List<String> writes = new CopyOnWriteArrayList<>();
    /** Deployments held at 0 for a replay (namespace/name). */
    final java.util.Set<String> held = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<DeploymentReplicas> read(String namespace, String deployment) {
      Integer r = replicas.get(namespace + "/" + deployment);
      return r == null ? Optional.empty()
          : Optional.of(new DeploymentReplicas(r, r, held.contains(namespace + "/" + deployment)));
    }

    @Override
    public void write(String namespace, String deployment, int count) {
      replicas.put(namespace + "/" + deployment, count);
      writes.add(namespace + "/" + deployment + "=" + count);
    }
  }

  static final class FakeStatus implements ScalerStatusWriter {
    final List<AutoscalerStatus> writes = new CopyOnWriteArrayList<>();
    final java.util.Set<String> deleted = ConcurrentHashMap.newKeySet();

    @Override
    public void write(Worker worker, AutoscalerStatus status) {
      if (deleted.contains(worker.getMetadata().getName())) {
        throw new WorkerGoneException(worker);
      }
      writes.add(status);
    }

    @Override
    public boolean exists(Worker worker) {
      return !deleted.contains(worker.getMetadata().getName());
    }

    AutoscalerStatus last() {
      return writes.get(writes.size() - 1);
    }
  }

  static final class FakeEvents implements ScalerEvents {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void scaled(Worker worker, int from, int to, String reason) {
      events.add("Scaled " + worker.getMetadata().getName() + " " + from + "->" + to + ": " + reason);
    }

    @Override
    public void metricsUnavailable(Worker worker, String error) {
      events.add("MetricsUnavailable " + worker.getMetadata().getName() + ": " + error);
    }

    @Override
    public void metricsRecovered(Worker worker) {
      events.add("MetricsRecovered " + worker.getMetadata().getName());
    }
  }

  static LagTargetResolver topicResolver() {
    return (worker, policy) -> new LagTarget.KafkaTopic("kafka:9092", Map.of(), worker.getSpec().getInput().getTopic().getName(),
        worker.getSpec().getPipeline() + "." + worker.getMetadata().getName(), policy.offsetResetPolicy());
  }

}
