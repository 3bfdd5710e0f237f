package io.tributary.operator.autoscale;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a slow or unreachable Kafka cluster (or Redis) from delaying the lag polls of Workers on
 * other clusters (issue #12). The autoscaler's few poll threads are shared by every Worker; the
 * real sources block a poll for as long as their cluster takes to answer (up to four serial Admin
 * calls with {@link AutoscalerExtension#OBSERVATION_TIMEOUT} each), so without this one silent
 * cluster with many Workers kept every thread waiting and all other Workers went unpolled.
 *
 * <p>Each cluster (bootstrap servers and client properties, or Redis URL) gets a lane of its own: a
 * small executor ({@code threadsPerCluster}) that runs the observations of its Workers, at most one
 * at a time per Worker. A poll submits the observation to its cluster's lane and waits for it at
 * most {@code waitBudget}, and not at all while the cluster is slow (an observation of it outlasted
 * the budget and none has answered within it since): then it returns the observation that finished
 * in the background since the previous poll, or fails at once with the cluster's last failure
 * ("metrics unavailable", the count is held), and the observation goes on in the lane. A poll
 * thread thus waits for a slow cluster at most once per budget, never once per Worker.
 */
public final class ClusterIsolatedLagSource implements LagSource {
  /** How long a poll waits for an observation of a cluster that answers in time. */
  public static final Duration DEFAULT_WAIT_BUDGET = Duration.ofSeconds(1);
  /** Observations of one cluster running at once. */
  public static final int DEFAULT_THREADS_PER_CLUSTER = 2;

  private final LagSource delegate;
  private final long waitBudgetNanos;
  private final int threadsPerCluster;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final Map<LagTarget, Future<LagObservation>> inFlight = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public ClusterIsolatedLagSource(LagSource delegate) {
    this(delegate, DEFAULT_WAIT_BUDGET, DEFAULT_THREADS_PER_CLUSTER);
  }

  public ClusterIsolatedLagSource(LagSource delegate, Duration waitBudget, int threadsPerCluster) {
    this.delegate = delegate;
    this.waitBudgetNanos = waitBudget.toNanos();
    this.threadsPerCluster = threadsPerCluster;
  }

  /** The lane of a target: its Kafka cluster (with the client settings) or its Redis server. */
  static String clusterOf(LagTarget target) {
    if (target instanceof LagTarget.KafkaTopic topic) {
      return "kafka " + topic.bootstrapServers() + " " + new TreeMap<>(topic.clientProperties()).hashCode();
    }
    LagTarget.RedisStream stream = (LagTarget.RedisStream) target;
    return "redis " + stream.redisUrl().hashCode(); // the URL may carry a password: never in a name
  }

  @Override
  public LagObservation observe(LagTarget target) throws LagObservationException {
    if (closed) {
      throw new LagObservationException("lag source closed");
    }
    Lane lane = lanes.computeIfAbsent(clusterOf(target), Lane::new);
    Future<LagObservation> running = inFlight.get(target);
    if (running != null && running.isDone()) {
      inFlight.remove(target, running);
      lane.submit(target); // the next one starts now; this poll takes the one that finished meanwhile
      return result(running);
    }
    if (running == null) {
      running = lane.submit(target);
    }
    if (lane.slow) {
      throw lane.stillWaiting();
    }
    try {
      LagObservation observation = running.get(waitBudgetNanos, TimeUnit.NANOSECONDS);
      inFlight.remove(target, running);
      return observation;
    } catch (TimeoutException e) {
      lane.slow = true; // later polls of this cluster do not wait until one of its observations is quick again
      throw lane.stillWaiting();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LagObservationException("interrupted while waiting for the lag", e);
    } catch (ExecutionException e) {
      inFlight.remove(target, running);
      throw unwrap(e);
    }
  }

  private static LagObservation result(Future<LagObservation> done) throws LagObservationException {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LagObservationException("interrupted while waiting for the lag", e);
    } catch (CancellationException e) {
      throw new LagObservationException("observation cancelled", e);
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private static LagObservationException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof LagObservationException l) {
      return l;
    }
    if (cause instanceof RuntimeException r) {
      throw r; // as if the source had thrown it on the poll thread
    }
    return new LagObservationException(String.valueOf(cause), cause);
  }

  /** Clusters seen so far (one lane each). */
  public int clusters() {
    return lanes.size();
  }

  @Override
  public void close() {
    closed = true;
    lanes.values().forEach(lane -> lane.executor.shutdownNow());
    delegate.close();
  }

  /** One cluster's executor and what it last said. */
  private final class Lane {
    final String name;
    final ThreadPoolExecutor executor;
    volatile boolean slow;
    volatile String lastFailure;

    Lane(String cluster) {
      this.name = cluster.startsWith("redis") ? "Redis" : cluster.substring(0, cluster.lastIndexOf(' '));
      AtomicInteger count = new AtomicInteger();
      executor = new ThreadPoolExecutor(threadsPerCluster, threadsPerCluster, 60, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "tributary-lag-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      executor.allowCoreThreadTimeOut(true);
    }

    Future<LagObservation> submit(LagTarget target) {
      Future<LagObservation> future = executor.submit(() -> {
        long start = System.nanoTime();
        try {
          LagObservation observation = delegate.observe(target);
          lastFailure = null;
          return observation;
        } catch (LagObservationException e) {
          lastFailure = e.getMessage();
          throw e;
        } finally {
          if (System.nanoTime() - start <= waitBudgetNanos) {
            slow = false; // answered within the budget: polls wait for it again
          }
        }
      });
      inFlight.put(target, future);
      return future;
    }

    LagObservationException stillWaiting() {
      String failure = lastFailure;
      return new LagObservationException(failure != null ? failure
          : name + ": no answer yet (observation still running; its result is taken at the next poll)");
    }
  }
}
