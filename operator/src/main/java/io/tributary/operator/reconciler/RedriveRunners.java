package io.tributary.operator.reconciler;

import io.tributary.operator.model.RedrivePlan.Counts;
import io.tributary.operator.topics.DeadLetterRedrive;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redrives running in this operator: each on a small bounded pool of its own threads (never on
 * a reconcile thread), keyed by Worker and id. The reconciler asks for the runner of a recorded
 * {@code Running} redrive ({@link #ensure}: started when there is none, e.g. after an operator
 * restart) and reads its progress; it stays the one writer of {@code status.redrive}.
 */
public final class RedriveRunners implements AutoCloseable {
  /** Redrives that run at the same time; more wait in the pool's queue. */
  static final int THREADS = 2;
  private static final Logger log = LoggerFactory.getLogger(RedriveRunners.class);

  /** The progress of one runner, as the reconciler reads it. */
  public static final class Run {
    private final AtomicReference<Counts> counts = new AtomicReference<>(null);
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile boolean finished;
    private volatile String error;

    /** The counts so far (committed in Kafka); null until the runner read its position. */
    public Counts counts() {
      return counts.get();
    }

    /** Whether the redrive reached its end offsets or maxRecords. */
    public boolean finished() {
      return finished;
    }

    /** Why the last attempt stopped, or null; the reconciler starts another one. */
    public String error() {
      return error;
    }

    boolean over() {
      return finished || error != null || stop.get();
    }
  }

  /** Runs a job; a seam for tests. */
  @FunctionalInterface
  public interface Runner {
    boolean run(DeadLetterRedrive.Job job, java.util.function.Consumer<Counts> progress,
        java.util.function.BooleanSupplier stop);
  }

  private final ExecutorService pool;
  private final Runner runner;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();

  public RedriveRunners() {
    this(DeadLetterRedrive::run);
  }

  public RedriveRunners(Runner runner) {
    this.runner = runner;
    this.pool = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "tributary-redrive");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The run of {@code key}: the one going, or one started now when there is none or the last one
   * stopped on an error (it resumes from the committed position).
   */
  public Run ensure(String key, DeadLetterRedrive.Job job) {
    return runs.compute(key, (k, run) -> {
      if (run != null && run.error == null) {
        return run;
      }
      Run next = new Run();
      pool.submit(() -> {
        try {
          next.finished = runner.run(job, next.counts::set, next.stop::get);
        } catch (RuntimeException e) {
          log.warn("redrive {} stopped: {}", k, e.toString());
          next.error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
      });
      return next;
    });
  }

  /** Stops the runs whose key starts with {@code workerPrefix}, except {@code keep} (null: all of them). */
  public void stopOthers(String workerPrefix, String keep) {
    runs.entrySet().removeIf(e -> {
      if (e.getKey().startsWith(workerPrefix) && !e.getKey().equals(keep)) {
        e.getValue().stop.set(true);
        return true;
      }
      return false;
    });
  }

  /** Forgets a run that is over (finished, recorded). */
  public void forget(String key) {
    runs.remove(key);
  }

  @Override
  public void close() {
    runs.values().forEach(r -> r.stop.set(true));
    pool.shutdown();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }
}
