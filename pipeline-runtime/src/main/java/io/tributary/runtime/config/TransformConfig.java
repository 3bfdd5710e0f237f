package io.tributary.runtime.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One ETL transform: exactly one member is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransformConfig(
    FilterConfig filter, Select select, Dedupe dedupe, Aggregate aggregate) {

  public static final List<String> KINDS = List.of("filter", "select", "dedupe", "aggregate");

  public static TransformConfig of(FilterConfig filter) {
    return new TransformConfig(filter, null, null, null);
  }

  public static TransformConfig of(Select select) {
    return new TransformConfig(null, select, null, null);
  }

  public static TransformConfig of(Dedupe dedupe) {
    return new TransformConfig(null, null, dedupe, null);
  }

  public static TransformConfig of(Aggregate aggregate) {
    return new TransformConfig(null, null, null, aggregate);
  }

  /** The name of the member that is set, or {@code null} if none. */
  public String kind() {
    return filter != null ? "filter" : select != null ? "select" : dedupe != null ? "dedupe"
        : aggregate != null ? "aggregate" : null;
  }

  /**
   * Keeps only these fields of each record.
   *
   * @param fields required, non-empty
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Select(List<String> fields) {
    public Select {
      fields = fields == null ? null : List.copyOf(fields);
    }
  }

  /**
   * Keeps the first record of each combination of these fields' values.
   *
   * @param fields required, non-empty
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Dedupe(List<String> fields) {
    public Dedupe {
      fields = fields == null ? null : List.copyOf(fields);
    }
  }

  /**
   * One output record per group: the {@code groupBy} fields, then {@code count}, and
   * {@code sum_<f>}, {@code min_<f>}, {@code max_<f>}, {@code avg_<f>} (avg = sum / count of records
   * with a numeric value for f). At least one of count, sum, min, max, avg.
   *
   * @param groupBy grouping fields; default none (one group of all records)
   * @param count default false
   * @param sum default none
   * @param min default none
   * @param max default none
   * @param avg default none
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Aggregate(
      List<String> groupBy,
      Boolean count,
      List<String> sum,
      List<String> min,
      List<String> max,
      List<String> avg) {
    public Aggregate {
      groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
      count = count != null && count;
      sum = sum == null ? List.of() : List.copyOf(sum);
      min = min == null ? List.of() : List.copyOf(min);
      max = max == null ? List.of() : List.copyOf(max);
      avg = avg == null ? List.of() : List.copyOf(avg);
    }
  }
}
