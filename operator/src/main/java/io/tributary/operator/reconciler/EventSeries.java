package io.tributary.operator.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Events this operator wrote recently, by what they say about which object: the memory
 * {@link EventRecorder} aggregates repeats with. Bounded: the least recently used series is
 * forgotten beyond the capacity (its next repeat just starts a new Event).
 */
final class EventSeries {
  /** How many series are remembered; Kubernetes' event correlator keeps 4096 as well. */
  static final int DEFAULT_CAPACITY = 4096;
  /** A repeat later than this after the last one starts a new Event (client-go uses 10 minutes too). */
  static final Duration WINDOW = Duration.ofMinutes(10);

  /** What makes two Events the same: the object they are about and what they say. */
  record Key(String namespace, String kind, String name, String uid, String type, String reason, String message) {}

  /** One series: its Event's name, how often it happened, when last. Guarded by its own monitor. */
  static final class Entry {
    private String eventName;
    private int count;
    private Instant last;

    synchronized boolean repeats(Instant now) {
      return eventName != null && !now.isAfter(last.plus(WINDOW));
    }

    synchronized void started(String name, Instant now) {
      eventName = name;
      count = 1;
      last = now;
    }

    synchronized void repeated(int newCount, Instant now) {
      count = newCount;
      last = now;
    }

    synchronized String eventName() {
      return eventName;
    }

    synchronized int count() {
      return count;
    }
  }

  private final Map<Key, Entry> entries;

  EventSeries(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The series of {@code key}, a new empty one when none is remembered. */
  synchronized Entry entry(Key key) {
    return entries.computeIfAbsent(key, k -> new Entry());
  }

  synchronized int size() {
    return entries.size();
  }
}
