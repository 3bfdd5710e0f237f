package io.tributary.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Validation of the {@code worker} section. */
final class WorkerRules {
  static final List<String> INPUTS = List.of("topic", "redisStream");
  private static final Set<String> REDIS_PROCESSORS =
      Set.of("cacheLatest", "publish", "enqueue", "aggregate", "dedupe", "store");

  private WorkerRules() {}

  /** Returns the path of the first part that needs Redis, or null. */
  static String check(ObjectCheck worker, ObjectCheck root) {
    List<String> redisUsers = new ArrayList<>();
    String inputTopic = null;
    ObjectCheck input = worker.object("input", true);
    if (input != null) {
      for (String kind : input.union("input", INPUTS)) {
        ObjectCheck member = input.object(kind, true);
        if (member == null) {
          continue;
        }
        if (kind.equals("topic")) {
          inputTopic = member.topicName("name", true);
          member.text("consumerGroup", false);
        } else {
          member.text("stream", true);
          member.text("group", true);
          member.text("consumer", false);
          member.duration("claimIdleTimeout", false, true);
          redisUsers.add(member.path());
        }
        member.finish();
      }
    }
    String forwardLoopTopic = inputTopic;
    boolean cluster = onCluster(root);
    List<Object[]> names = new ArrayList<>();
    worker.objects("processors", true, true, item -> {
      for (String kind : item.union("processor", ProcessorConfig.KINDS)) {
        ObjectCheck member = item.object(kind, true);
        if (member == null) {
          continue;
        }
        checkProcessor(kind, member, forwardLoopTopic);
        String nameField = NAME_FIELDS.get(kind);
        JsonNode name = nameField == null ? null : member.value(nameField);
        if (name != null && name.isTextual() && RecordTemplate.syntaxError(name.asText()) == null) {
          names.add(new Object[] {member, nameField, RecordTemplate.compile(name.asText())});
        }
        member.finish();
        if (REDIS_PROCESSORS.contains(kind)) {
          redisUsers.add(member.path());
        }
      }
    });
    if (cluster) {
      checkOneSlot(names, keyPrefix(root));
    }
    checkErrorPolicy(worker.object("errorPolicy", false));
    worker.finish();
    return redisUsers.isEmpty() ? null : redisUsers.get(0);
  }

  /** The field of each Redis processor that names its key or channel. */
  private static final java.util.Map<String, String> NAME_FIELDS = java.util.Map.of(
      "cacheLatest", "key", "publish", "channel", "enqueue", "stream", "aggregate", "key",
      "dedupe", "key", "store", "key");

  /** {@code redis.keyPrefix} as written, or "" (an invalid one is reported where it is checked). */
  private static String keyPrefix(ObjectCheck root) {
    JsonNode prefix = root.value("redis") == null ? null : root.value("redis").path("keyPrefix");
    return prefix != null && prefix.isTextual() ? prefix.asText() : "";
  }

  /** Whether {@code redis.cluster} is {@code true}. */
  static boolean onCluster(ObjectCheck root) {
    JsonNode redis = root.value("redis");
    return redis != null && redis.isObject() && redis.path("cluster").isBoolean() && redis.path("cluster").asBoolean();
  }

  /**
   * On a Redis Cluster one record's script may touch one slot only. The worker writes the first
   * placeholder's value of every name as its hash tag, so the names share a slot exactly when all
   * start with the same field, or when all are constant and hash to one slot; any other chain is
   * refused here, naming the processor, its template and the one it cannot share a slot with.
   *
   * @param names per Redis processor in chain order: its check, the field, the compiled template
   * @param prefix {@code redis.keyPrefix}: a constant name's slot is that of the prefixed name the
   *     worker writes (the prefix has no brace, so it never changes a tagged name's slot)
   */
  private static void checkOneSlot(List<Object[]> names, String prefix) {
    if (names.isEmpty()) {
      return;
    }
    ObjectCheck firstCheck = (ObjectCheck) names.get(0)[0];
    String firstPath = firstCheck.pathOf((String) names.get(0)[1]);
    RecordTemplate first = (RecordTemplate) names.get(0)[2];
    for (Object[] entry : names.subList(1, names.size())) {
      ObjectCheck check = (ObjectCheck) entry[0];
      String field = (String) entry[1];
      RecordTemplate template = (RecordTemplate) entry[2];
      String problem = null;
      if (first.isConstant() && template.isConstant()) {
        if (io.lettuce.core.cluster.SlotHash.getSlot(prefix + first.source())
            != io.lettuce.core.cluster.SlotHash.getSlot(prefix + template.source())) {
          problem = "\"" + template.source() + "\" and " + firstPath + " \"" + first.source()
              + "\" are constant names in different slots";
        }
      } else if (first.isConstant() || template.isConstant()) {
        problem = "\"" + template.source() + "\" " + startsWith(template) + ", " + firstPath + " \""
            + first.source() + "\" " + startsWith(first) + " (give both the same first {field})";
      } else if (!first.fields().get(0).equals(template.fields().get(0))) {
        problem = "\"" + template.source() + "\" " + startsWith(template) + ", " + firstPath + " \""
            + first.source() + "\" " + startsWith(first) + " (put the same field first in both)";
      }
      if (problem != null) {
        check.problem(field, "on a Redis Cluster every key of one record must be in one slot: " + problem);
      }
    }
  }

  private static String startsWith(RecordTemplate template) {
    return template.isConstant() ? "has no {field}" : "starts with field \"" + template.fields().get(0) + "\"";
  }

  private static void checkProcessor(String kind, ObjectCheck p, String inputTopic) {
    switch (kind) {
      case "cacheLatest":
        p.template("key", true);
        p.duration("ttl", false, true);
        break;
      case "publish":
        p.template("channel", true);
        break;
      case "enqueue":
        p.template("stream", true);
        p.integer("maxLen", false, 1, Long.MAX_VALUE);
        break;
      case "aggregate":
        p.template("key", true);
        Boolean count = p.bool("count");
        List<String> sum = p.texts("sum", false, false);
        boolean noSum = sum != null ? sum.isEmpty() : !p.has("sum");
        if (!Boolean.TRUE.equals(count) && noSum) {
          p.problem(null, "needs count: true or at least one sum field");
        }
        break;
      case "filter":
        checkFilter(p);
        break;
      case "forward":
        String topic = p.topicName("topic", true);
        if (topic != null && topic.equals(inputTopic)) {
          p.problem("topic", "\"" + topic + "\" is the input topic; forwarding there loops forever");
        }
        break;
      case "dedupe":
        p.template("key", true);
        p.duration("ttl", false, true);
        break;
      case "store":
        p.template("key", true);
        p.integer("maxLen", false, 1, Long.MAX_VALUE);
        break;
      case "log":
        break;
      default:
        p.text("name", true);
        JsonNode config = p.value("config");
        if (config != null && !config.isObject()) {
          p.problem("config", ObjectCheck.describe(config) + " is not an object");
        }
    }
  }

  /**
   * Shared by the worker's filter processor and the ETL filter transform; returns the field
   * name (null when missing).
   */
  static String checkFilter(ObjectCheck filter) {
    String field = filter.text("field", true);
    String opText = filter.oneOf("op", true, opSpellings());
    JsonNode value = filter.value("value");
    if (opText == null) {
      return field;
    }
    FilterOp op = FilterOp.fromJson(opText);
    if (op == FilterOp.EXISTS) {
      if (value != null) {
        filter.problem("value", "must not be set with op exists");
      }
      return field;
    }
    if (value == null) {
      filter.problem("value", "is required with op " + op);
    } else if (!value.isValueNode()) {
      filter.problem("value", ObjectCheck.describe(value) + " is not a text, number or boolean");
    } else if (op.isOrdering() && !value.isNumber() && !value.isTextual()) {
      filter.problem("value", value + " cannot be ordered with op " + op + " (use a number or text)");
    } else if (value.isNumber()) {
      try {
        RecordNumbers.read(value);
      } catch (RecordNumbers.OutOfRangeException e) {
        // every record would be compared with it: refuse it here, not once per record
        filter.problem("value", e.getMessage());
      }
    }
    return field;
  }

  private static List<String> opSpellings() {
    List<String> spellings = new ArrayList<>();
    for (FilterOp op : FilterOp.values()) {
      spellings.add(op.jsonName());
    }
    return spellings;
  }

  private static void checkErrorPolicy(ObjectCheck policy) {
    if (policy == null) {
      return;
    }
    policy.integer("maxAttempts", false, 1, 1_000_000);
    policy.bool("deadLetter");
    ObjectCheck backoff = policy.object("backoff", false);
    if (backoff != null) {
      String initial = backoff.duration("initial", false, false);
      backoff.number("multiplier", false, 1, false, 1000);
      String max = backoff.duration("max", false, true);
      String effectiveInitial = initial != null ? initial : ErrorPolicyConfig.Backoff.DEFAULT_INITIAL;
      String effectiveMax = max != null ? max : ErrorPolicyConfig.Backoff.DEFAULT_MAX;
      if ((initial != null || max != null) && backoff.has("initial") == (initial != null)
          && backoff.has("max") == (max != null)
          && Durations.parse(effectiveInitial).compareTo(Durations.parse(effectiveMax)) > 0) {
        backoff.problem("initial", "\"" + effectiveInitial + "\" is longer than max \""
            + effectiveMax + "\"");
      }
      backoff.finish();
    }
    policy.finish();
  }
}
