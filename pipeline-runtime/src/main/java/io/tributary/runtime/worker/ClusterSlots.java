package io.tributary.runtime.worker;

import io.lettuce.core.cluster.SlotHash;

/**
 * Slots of a Redis Cluster as the worker uses them: the slot of a name follows Redis' rule
 * ({@code CRC16} of the text between the first {@code {} and the next <code>}</code>, else of the
 * whole name, {@code mod 16384}; {@link SlotHash}), and {@link #tag} gives for each slot a short
 * text that hashes to it, so that keys which belong to no record (the replay ledger) can be put
 * in a record's slot by writing {@code {<tag>}} in their name.
 */
final class ClusterSlots {
  /** For each slot, the smallest decimal number whose CRC16 falls in it (all 16384 exist below 10^6). */
  private static final String[] TAGS = tags();

  private ClusterSlots() {}

  /** The slot Redis keeps {@code name} in. */
  static int slot(String name) {
    return SlotHash.getSlot(name);
  }

  /** A text whose slot is {@code slot} (so {@code "x:{" + tag(s) + "}:y"} is in slot {@code s}). */
  static String tag(int slot) {
    return TAGS[slot];
  }

  private static String[] tags() {
    String[] tags = new String[SlotHash.SLOT_COUNT];
    int missing = tags.length;
    for (int n = 0; missing > 0; n++) {
      String text = Integer.toString(n);
      int slot = SlotHash.getSlot(text);
      if (tags[slot] == null) {
        tags[slot] = text;
        missing--;
      }
    }
    return tags;
  }
}
