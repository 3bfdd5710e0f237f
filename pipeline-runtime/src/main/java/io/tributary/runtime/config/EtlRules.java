package io.tributary.runtime.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Validation of the {@code etl} section. */
final class EtlRules {
  static final List<String> EXTRACTS = List.of("topic", "http", "csv");
  static final List<String> CSV_SOURCES = List.of("configMap", "url", "path");
  static final List<String> LOADS = List.of("redisHash", "topic");

  private EtlRules() {}

  /** Returns the path of the part that needs Redis, or null. */
  static String check(ObjectCheck etl) {
    checkExtract(etl.object("extract", true));
    FieldScope scope = new FieldScope();
    etl.objects("transform", false, false, item -> {
      for (String kind : item.union("transform", TransformConfig.KINDS)) {
        ObjectCheck member = item.object(kind, true);
        if (member == null) {
          continue;
        }
        Set<String> narrowed = checkTransform(kind, member, scope);
        member.finish();
        if (narrowed != null) {
          scope.narrow(narrowed, member.path());
        }
      }
    });
    String redisUser = null;
    ObjectCheck load = etl.object("load", true);
    if (load != null) {
      for (String kind : load.union("load", LOADS)) {
        ObjectCheck member = load.object(kind, true);
        if (member == null) {
          continue;
        }
        if (kind.equals("redisHash")) {
          String key = member.template("key", true);
          member.duration("ttl", false, true);
          if (key != null) {
            for (String field : RecordTemplate.compile(key).fields()) {
              scope.require(member, "key", field, "placeholder {" + field + "}");
            }
          }
          redisUser = member.path();
        } else {
          member.topicName("name", true);
        }
        member.finish();
      }
    }
    ObjectCheck quality = etl.object("quality", false);
    if (quality != null) {
      quality.integer("minRecords", false, 0, Long.MAX_VALUE);
      List<String> required = quality.texts("requiredFields", false, false);
      if (required != null) {
        for (String field : required) {
          scope.require(quality, "requiredFields", field, "\"" + field + "\"");
        }
      }
      quality.finish();
    }
    ObjectCheck retries = etl.object("retries", false);
    if (retries != null) {
      retries.integer("limit", false, 0, 1000);
      retries.duration("delay", false, false);
      retries.number("multiplier", false, 1, false, 1000);
      retries.finish();
    }
    etl.text("terminationMessagePath", false);
    ObjectCheck waitFor = etl.object("waitFor", false);
    if (waitFor != null) {
      // exactly one gate: a Worker's lag, or a topic's event-time watermark
      waitFor.duration("timeout", false, true);
      waitFor.integer("maxLag", false, 0, Long.MAX_VALUE);
      boolean byWorker = waitFor.has("worker");
      boolean byWatermark = waitFor.has("watermark");
      if (byWorker == byWatermark) {
        waitFor.problem(null, "needs exactly one of worker, watermark ("
            + (byWorker ? "worker and watermark are set" : "none is set") + ")");
      }
      if (byWorker || !byWatermark) {
        waitFor.text("worker", byWorker);
        waitFor.text("group", byWorker);
        waitFor.text("topic", byWorker);
      }
      if (byWatermark) {
        ObjectCheck watermark = waitFor.object("watermark", true);
        if (watermark != null) {
          watermark.topicName("topic", true);
          watermark.finish();
        }
      }
      waitFor.finish();
    }
    etl.finish();
    return redisUser;
  }

  private static void checkExtract(ObjectCheck extract) {
    if (extract == null) {
      return;
    }
    for (String kind : extract.union("extract", EXTRACTS)) {
      ObjectCheck member = extract.object(kind, true);
      if (member == null) {
        continue;
      }
      switch (kind) {
        case "topic":
          member.topicName("name", true);
          member.integer("maxRecords", false, 1, Long.MAX_VALUE);
          member.text("consumerGroup", false);
          break;
        case "http":
          httpUrl(member, "url", true);
          member.text("itemsPath", false);
          break;
        default:
          for (String source : member.union("csv source", CSV_SOURCES)) {
            if (source.equals("configMap")) {
              ObjectCheck ref = member.object("configMap", true);
              if (ref != null) {
                ref.text("name", true);
                ref.text("key", true);
                ref.finish();
              }
            } else if (source.equals("url")) {
              httpUrl(member, "url", true);
            } else {
              member.text("path", true);
            }
          }
      }
      member.finish();
    }
  }

  private static void httpUrl(ObjectCheck check, String field, boolean required) {
    String url = check.text(field, required);
    if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
      check.problem(field, "\"" + Redaction.text(url) + "\" is not an http:// or https:// URL");
    }
  }

  /** Checks one transform; returns the fields records have afterwards when it narrows them. */
  private static Set<String> checkTransform(String kind, ObjectCheck t, FieldScope scope) {
    switch (kind) {
      case "filter":
        String field = WorkerRules.checkFilter(t);
        if (field != null) {
          scope.require(t, "field", field, "\"" + field + "\"");
        }
        return null;
      case "select":
        List<String> selected = t.texts("fields", true, true);
        scope.requireAll(t, "fields", selected);
        return selected == null ? null : new LinkedHashSet<>(selected);
      case "dedupe":
        scope.requireAll(t, "fields", t.texts("fields", true, true));
        return null;
      default:
        List<String> groupBy = t.texts("groupBy", false, false);
        scope.requireAll(t, "groupBy", groupBy);
        Boolean count = t.bool("count");
        Set<String> out = new LinkedHashSet<>(groupBy == null ? List.of() : groupBy);
        if (Boolean.TRUE.equals(count)) {
          out.add("count");
        }
        boolean anyMeasure = Boolean.TRUE.equals(count);
        for (String measure : List.of("sum", "min", "max", "avg")) {
          List<String> measured = t.texts(measure, false, false);
          if (measured != null) {
            scope.requireAll(t, measure, measured);
            anyMeasure |= !measured.isEmpty();
            measured.forEach(name -> out.add(measure + "_" + name));
          } else if (t.has(measure)) {
            anyMeasure = true; // already reported as malformed
          }
        }
        if (!anyMeasure) {
          t.problem(null, "needs count: true or at least one of sum, min, max, avg");
        }
        return out;
    }
  }

  /**
   * The record fields known to exist at a point of the transform chain: unknown (anything the
   * source has) until a {@code select} or {@code aggregate} narrows them.
   */
  private static final class FieldScope {
    private Set<String> fields;
    private String narrowedBy;

    void narrow(Set<String> remaining, String by) {
      fields = remaining;
      narrowedBy = by;
    }

    void require(ObjectCheck check, String setting, String field, String what) {
      if (fields != null && !fields.contains(field)) {
        check.problem(setting, what + " is not a field after " + narrowedBy + " (fields: "
            + String.join(", ", fields) + ")");
      }
    }

    void requireAll(ObjectCheck check, String setting, List<String> names) {
      if (names != null) {
        names.forEach(name -> require(check, setting, name, "\"" + name + "\""));
      }
    }
  }
}
