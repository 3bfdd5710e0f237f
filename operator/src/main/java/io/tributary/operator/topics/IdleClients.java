package io.tributary.operator.topics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Clients kept by key (a Kafka cluster and its client properties), each closed once it has not
 * been asked for during {@link #idle}.
 *
 * <p>Why: a key holds the credentials, so every password rotation (Strimzi's User Operator), every
 * changed property and every Pipeline that is gone leaves a client behind that would otherwise stay
 * open, with its threads and its connections, retrying a cluster that may no longer be there, for
 * as long as the operator runs. A client is asked for at each use, so one in use is never idle;
 * {@code idle} is far longer than any single use (their timeouts are seconds).
 *
 * @param <C> the client type
 */
public final class IdleClients<C> implements AutoCloseable {
  /** How long an unused client stays open by default. */
  public static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);

  private final Clock clock;
  private final Duration idle;
  private final Consumer<C> closer;
  private final Map<String, Entry<C>> clients = new HashMap<>();

  /**
   * @param idle how long a client may go unused before it is closed
   * @param closer closes one client (its errors are its own)
   */
  public IdleClients(Clock clock, Duration idle, Consumer<C> closer) {
    this.clock = clock;
    this.idle = idle;
    this.closer = closer;
  }

  /** The client of {@code key}, created when there is none; closes the others that went idle. */
  public C get(String key, Supplier<C> create) {
    List<C> expired = new ArrayList<>();
    C client;
    synchronized (this) {
      Instant now = clock.instant();
      for (Iterator<Map.Entry<String, Entry<C>>> it = clients.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Entry<C>> entry = it.next();
        if (!entry.getKey().equals(key) && entry.getValue().lastUsed.plus(idle).isBefore(now)) {
          expired.add(entry.getValue().client);
          it.remove();
        }
      }
      Entry<C> entry = clients.get(key);
      if (entry == null) {
        entry = new Entry<>(create.get());
        clients.put(key, entry);
      }
      entry.lastUsed = now;
      client = entry.client;
    }
    // outside the lock: closing a Kafka client waits for its threads
    expired.forEach(closer);
    return client;
  }

  /** How many clients are open. */
  public synchronized int size() {
    return clients.size();
  }

  /** Closes every client. */
  @Override
  public void close() {
    List<C> all;
    synchronized (this) {
      all = clients.values().stream().map(e -> e.client).toList();
      clients.clear();
    }
    all.forEach(closer);
  }

  private static final class Entry<C> {
    final C client;
    Instant lastUsed;

    Entry(C client) {
      this.client = client;
    }
  }
}
