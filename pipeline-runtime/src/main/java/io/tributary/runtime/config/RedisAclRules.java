package io.tributary.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Redis ACL of one component's own Redis user: the commands its role calls, derived from its
 * configuration in this one place (next to the code that calls them), and the {@code ACL SETUSER}
 * rules that limit the user to the Pipeline's {@link KeyPrefix}.
 *
 * <p>A worker's Redis writes run in one Lua script ({@code SCRIPT LOAD} once, then
 * {@code EVALSHA}); in Redis 7 a script runs with its caller's ACL, so every command the script
 * calls is listed too, and the key and channel patterns bind inside the script as outside.
 */
public final class RedisAclRules {
  private RedisAclRules() {}

  /** Every role that uses Redis: readiness ({@code PING}) and a database other than 0. */
  static final Set<String> CONNECTION = Set.of("ping", "select");
  /** A worker: its script and the commands of its header and checks (ReplayGuard, preflight). */
  static final Set<String> WORKER = Set.of("script|load", "evalsha", "type", "hget", "exists");
  /** A Kafka-input worker's replay ledger (inside the script, and peeked before forwards). */
  static final Set<String> KAFKA_LEDGER = Set.of("hset", "zremrangebyscore", "zscore", "zadd");
  /** A Redis-stream worker: its group, reads, claims and acknowledgements (script and input). */
  static final Set<String> STREAM_INPUT = Set.of("xgroup|create", "xreadgroup", "xautoclaim", "xpending", "xack");
  /** An ETL {@code redisHash} load. */
  static final Set<String> HASH_LOAD = Set.of("hset", "pexpire");

  /** The commands of one processor kind inside the worker's script. */
  static Set<String> processor(String kind) {
    return switch (kind) {
      case "cacheLatest" -> Set.of("set");
      case "publish" -> Set.of("publish");
      case "enqueue" -> Set.of("xadd");
      case "aggregate" -> Set.of("hincrby", "hset", "hget");
      case "dedupe" -> Set.of("set", "exists");
      case "store" -> Set.of("lpush", "ltrim");
      default -> Set.of(); // filter, forward, log, plugin: no Redis
    };
  }

  /**
   * The commands (lower case, {@code command|subcommand}) a component with this configuration
   * calls on Redis, sorted; empty when it uses no Redis (a producer, an ETL loading a topic).
   */
  public static Set<String> commands(RuntimeConfig config) {
    Set<String> commands = new TreeSet<>();
    if (config.role() == Role.WORKER) {
      commands.addAll(CONNECTION);
      commands.addAll(WORKER);
      commands.addAll(config.worker().input().redisStream() != null ? STREAM_INPUT : KAFKA_LEDGER);
      config.worker().processors().forEach(p -> commands.addAll(processor(p.kind())));
    } else if (config.role() == Role.ETL && config.etl().load().redisHash() != null) {
      commands.addAll(CONNECTION);
      commands.addAll(HASH_LOAD);
    }
    return commands;
  }

  /**
   * The arguments after {@code ACL SETUSER <user>}: {@code reset on ><password> ~<prefix>*
   * &<prefix>* +<command>...}. {@code reset} first, so that applying them again (a changed chain)
   * leaves exactly these rights; keys and channels only under the prefix.
   *
   * @throws IllegalArgumentException for the empty prefix (the user would reach every key) or no
   *     command
   */
  public static List<String> setUserRules(KeyPrefix prefix, String password, Set<String> commands) {
    Objects.requireNonNull(password, "password");
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("a Redis ACL user needs a key prefix: with keyPrefix \"\" it would reach every key");
    }
    if (commands.isEmpty()) {
      throw new IllegalArgumentException("a Redis ACL user needs at least one command");
    }
    List<String> rules = new ArrayList<>();
    rules.add("reset");
    rules.add("on");
    rules.add(">" + password);
    rules.add("~" + prefix.value() + "*");
    rules.add("&" + prefix.value() + "*");
    new TreeSet<>(commands).forEach(command -> rules.add("+" + command));
    return rules;
  }
}
