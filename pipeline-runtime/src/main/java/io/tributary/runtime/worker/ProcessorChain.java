package io.tributary.runtime.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.runtime.config.FilterConfig;
import io.tributary.runtime.config.ProcessorConfig;
import io.tributary.runtime.config.RecordNumbers;
import io.tributary.runtime.config.KeyPrefix;
import io.tributary.runtime.config.RecordTemplate;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configured processors, compiled once. {@link #plan} walks the chain for one record and
 * turns it into a {@link RecordPlan}: in-memory steps (filter, plug-ins) run at once, Redis steps
 * become script ops, forward and log become effects guarded by the dedupe steps before them.
 */
final class ProcessorChain {
  private static final ObjectMapper JSON = io.tributary.runtime.config.RecordNumbers.recordMapper();

  /** One compiled processor. */
  private interface Step {
    /** Adds this step to the plan; false drops the record from the rest of the chain. */
    boolean plan(RecordPlan plan);
  }

  private final List<Step> steps;
  private final List<String> kinds;

  private ProcessorChain(List<Step> steps, List<String> kinds) {
    this.steps = steps;
    this.kinds = kinds;
  }

  /**
   * @param plugins the available plug-ins by name ({@link PluginRegistry})
   * @throws IllegalArgumentException naming the processor index when a template does not compile
   *     or a plug-in is missing
   */
  static ProcessorChain compile(List<ProcessorConfig> processors, Map<String, RecordProcessor> plugins) {
    return compile(processors, plugins, RecordTemplate.DEFAULT_MAX_VALUE_BYTES);
  }

  /**
   * @param maxValueBytes the bound on one template value ({@code redis.maxTemplateValueBytes})
   * @throws IllegalArgumentException naming the processor index when a template does not compile
   *     or a plug-in is missing
   */
  static ProcessorChain compile(List<ProcessorConfig> processors, Map<String, RecordProcessor> plugins,
      int maxValueBytes) {
    return compile(processors, plugins, maxValueBytes, KeyPrefix.NONE, false);
  }

  /** A chain under {@code prefix} on a single Redis ({@link #compile(List, Map, int, KeyPrefix, boolean)}). */
  static ProcessorChain compile(List<ProcessorConfig> processors, Map<String, RecordProcessor> plugins,
      int maxValueBytes, KeyPrefix prefix) {
    return compile(processors, plugins, maxValueBytes, prefix, false);
  }

  /** A chain without prefix ({@link #compile(List, Map, int, KeyPrefix, boolean)}). */
  static ProcessorChain compile(List<ProcessorConfig> processors, Map<String, RecordProcessor> plugins,
      int maxValueBytes, boolean cluster) {
    return compile(processors, plugins, maxValueBytes, KeyPrefix.NONE, cluster);
  }

  /**
   * @param maxValueBytes the bound on one template value ({@code redis.maxTemplateValueBytes})
   * @param prefix what every key, channel and stream name of the chain starts with
   *     ({@code redis.keyPrefix})
   * @param cluster the chain writes to a Redis Cluster: the first placeholder of every key and
   *     channel is written as a hash tag ({@link RecordTemplate#withHashTag}), a record whose names
   *     would not share one slot fails before anything is sent, and {@code publish} is
   *     {@code SPUBLISH} (CONFIG.md "Redis Cluster")
   * @throws IllegalArgumentException naming the processor index when a template does not compile
   *     or a plug-in is missing
   */
  static ProcessorChain compile(List<ProcessorConfig> processors, Map<String, RecordProcessor> plugins,
      int maxValueBytes, KeyPrefix prefix, boolean cluster) {
    List<Step> steps = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < processors.size(); i++) {
      ProcessorConfig config = processors.get(i);
      String kind = config.kind();
      try {
        steps.add(compileStep(config, plugins, maxValueBytes, prefix, cluster));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("processors[" + i + "]." + kind + ": " + e.getMessage(), e);
      }
      kinds.add(kind);
    }
    return new ProcessorChain(List.copyOf(steps), List.copyOf(kinds));
  }

  List<String> kinds() {
    return kinds;
  }

  /**
   * Whether a step may change the record it is given (plug-ins): only then does a retry need a
   * fresh copy of the parsed record.
   */
  boolean mayChangeRecords() {
    return kinds.stream().anyMatch(kind -> kind.startsWith("plugin"));
  }

  /**
   * Plans one parsed record.
   *
   * @throws RecordFailure when the record cannot fill a template (a field missing or its value
   *     unsafe in a name), a sum field is not a number (or
   *     one beyond {@link RecordNumbers}' limits), a filter meets such a number or a plug-in fails
   */
  RecordPlan plan(InboundRecord inbound, ObjectNode record) {
    RecordPlan plan = new RecordPlan(inbound, record);
    for (int i = 0; i < steps.size(); i++) {
      boolean keep;
      try {
        keep = steps.get(i).plan(plan);
      } catch (RecordFailure e) {
        throw new RecordFailure(kinds.get(i), "processors[" + i + "]." + kinds.get(i) + ": " + e.getMessage(),
            e.getCause() != null ? e.getCause() : e);
      } catch (RecordTemplate.UnresolvedException | RecordNumbers.OutOfRangeException e) {
        throw new RecordFailure(kinds.get(i), "processors[" + i + "]." + kinds.get(i) + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new RecordFailure(kinds.get(i), "processors[" + i + "]." + kinds.get(i) + " failed: " + e, e);
      }
      if (!keep) {
        break;
      }
    }
    return plan;
  }

  private static Step compileStep(ProcessorConfig config, Map<String, RecordProcessor> plugins,
      int maxValueBytes, KeyPrefix prefix, boolean cluster) {
    java.util.function.BiFunction<String, Integer, RecordTemplate> template = (text, bound) -> cluster
        ? RecordTemplate.compile(text, bound, prefix).withHashTag() : RecordTemplate.compile(text, bound, prefix);
    switch (config.kind()) {
      case "cacheLatest": {
        RecordTemplate key = template.apply(config.cacheLatest().key(), maxValueBytes);
        String ttl = millis(config.cacheLatest().ttlDuration().map(java.time.Duration::toMillis).orElse(0L));
        return plan -> redisOp(plan, "cacheLatest", name(key, plan, cluster),
            RedisChainScript.CACHE_LATEST, plan.json(), ttl);
      }
      case "publish": {
        RecordTemplate channel = template.apply(config.publish().channel(), maxValueBytes);
        return plan -> {
          plan.scriptArgs.add(cluster ? RedisChainScript.SHARDED_PUBLISH : RedisChainScript.PUBLISH);
          plan.scriptArgs.add(name(channel, plan, cluster));
          plan.scriptArgs.add(plan.json());
          plan.opKinds.add("publish");
          return true;
        };
      }
      case "enqueue": {
        RecordTemplate stream = template.apply(config.enqueue().stream(), maxValueBytes);
        String maxLen = String.valueOf(config.enqueue().maxLen());
        return plan -> redisOp(plan, "enqueue", name(stream, plan, cluster), RedisChainScript.ENQUEUE,
            maxLen, plan.json(),
            plan.inbound.correlationId() == null ? "" : plan.inbound.correlationId());
      }
      case "aggregate": {
        ProcessorConfig.Aggregate aggregate = config.aggregate();
        RecordTemplate key = template.apply(aggregate.key(), maxValueBytes);
        return plan -> {
          List<String> args = new ArrayList<>();
          args.add(RedisChainScript.AGGREGATE);
          args.add(aggregate.count() ? "1" : "0");
          args.add(String.valueOf(aggregate.sum().size()));
          for (String field : aggregate.sum()) {
            args.add(field);
            args.add(number(plan.record, field));
          }
          plan.scriptKeys.add(name(key, plan, cluster));
          plan.scriptArgs.addAll(args);
          plan.opKinds.add("aggregate");
          return true;
        };
      }
      case "filter": {
        FilterConfig filter = config.filter();
        return plan -> {
          boolean keep = filter.matches(plan.record);
          plan.localOutcomes.add(new String[] {"filter", keep ? "ok" : "dropped"});
          return keep;
        };
      }
      case "forward": {
        String topic = config.forward().topic();
        return plan -> {
          plan.forwards.add(new RecordPlan.Forward(topic, plan.json().getBytes(StandardCharsets.UTF_8),
              plan.dedupesSoFar()));
          return true;
        };
      }
      case "dedupe": {
        RecordTemplate key = template.apply(config.dedupe().key(), maxValueBytes);
        String ttl = millis(config.dedupe().ttlDuration().map(java.time.Duration::toMillis).orElse(0L));
        return plan -> {
          String resolved = name(key, plan, cluster);
          plan.dedupeOps.add(plan.opKinds.size());
          plan.dedupeKeys.add(resolved);
          return redisOp(plan, "dedupe", resolved, RedisChainScript.DEDUPE, ttl);
        };
      }
      case "store": {
        RecordTemplate key = template.apply(config.store().key(), maxValueBytes);
        String maxLen = String.valueOf(config.store().maxLen());
        return plan -> redisOp(plan, "store", name(key, plan, cluster), RedisChainScript.STORE, maxLen,
            plan.json());
      }
      case "log":
        return plan -> {
          plan.logs.add(new RecordPlan.Guarded(plan.json(), plan.dedupesSoFar()));
          return true;
        };
      case "plugin": {
        RecordProcessor plugin = plugins.get(config.plugin().name());
        if (plugin == null) {
          throw new IllegalArgumentException("no plug-in named \"" + config.plugin().name()
              + "\" on the class path (found: " + plugins.keySet() + ")");
        }
        plugin.configure(config.plugin().config());
        String kind = "plugin:" + plugin.name();
        return plan -> {
          ObjectNode result;
          try {
            result = plugin.process(plan.record);
          } catch (Exception e) {
            throw new RecordFailure("plug-in " + plugin.name() + " failed: " + e.getMessage(), e);
          }
          plan.localOutcomes.add(new String[] {kind, result == null ? "dropped" : "ok"});
          if (result == null) {
            return false;
          }
          plan.replaceRecord(result);
          return true;
        };
      }
      default:
        throw new IllegalArgumentException("unknown processor kind " + config.kind());
    }
  }

  /**
   * The template resolved for the record; on a cluster also checked to be in the slot of the
   * record's names before it, so that the script never meets {@code CROSSSLOT} (nor an
   * {@code SPUBLISH} to a shard that does not hold the channel). Validation refuses the chains
   * whose templates cannot share a slot; this catches the records of the ones that can but do not
   * (two constant names in different slots written by hand into a configuration never validated).
   */
  private static String name(RecordTemplate template, RecordPlan plan, boolean cluster) {
    String name = template.resolve(plan.record);
    if (cluster) {
      int slot = ClusterSlots.slot(name);
      if (plan.slot < 0) {
        plan.slot = slot;
      } else if (plan.slot != slot) {
        throw new RecordFailure("on a Redis Cluster every key of one record must be in one slot: \""
            + template.source() + "\" gives \"" + name + "\" in slot " + slot + ", the record's earlier names are in slot "
            + plan.slot);
      }
    }
    return name;
  }

  private static boolean redisOp(RecordPlan plan, String kind, String key, String op, String... args) {
    plan.scriptKeys.add(key);
    plan.scriptArgs.add(op);
    plan.scriptArgs.addAll(List.of(args));
    plan.opKinds.add(kind);
    return true;
  }

  private static String millis(long millis) {
    return String.valueOf(millis);
  }

  /**
   * The sum operand of {@code field}, checked here so that the script never meets one it cannot
   * add (Redis does not roll a script back: an error there came after the dedupe marker and the
   * count were written). Sent as the plain decimal text of {@link ExactSums#operand}, which the
   * script adds exactly.
   */
  private static String number(ObjectNode record, String field) {
    JsonNode value = record.get(field);
    BigDecimal number;
    try {
      number = RecordNumbers.read(value);
    } catch (RecordNumbers.OutOfRangeException e) {
      throw new RecordFailure("aggregate: field \"" + field + "\": " + e.getMessage(), e);
    }
    if (number == null) {
      throw new RecordFailure("aggregate: field \"" + field + "\" is "
          + (value == null ? "missing" : value.toString()) + ", not a number");
    }
    return ExactSums.operand(field, number);
  }

  static String json(JsonNode record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
