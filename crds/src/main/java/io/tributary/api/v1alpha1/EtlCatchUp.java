package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Objects;

/**
 * Catch-up of missed periods: after the operator or the cluster was down, the schedule's firings
 * that got no run are run, oldest first, one at a time, at most {@code maxRuns} of the latest.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EtlCatchUp {

  @JsonPropertyDescription("The latest missed periods run, at most: each firing of the schedule since status.catchUp.coveredUntil that has no run (and is more than a minute old, so the CronJob starts its own on time) gets one, with its period as data interval, oldest first, one at a time (never while a run of the schedule is active), named as the CronJob would name it so that no period runs twice. Missed periods older than the latest maxRuns firings are skipped (status.catchUp.skipped, Event CatchUpSkipped). A failed run is not run again (spec.retries are for that). 0 turns catch-up off, as with a plain CronJob, which starts only the latest missed firing (within startingDeadlineSeconds). Default: 0.")
  @Min(0)
  @Max(100)
  @Default("0")
  private Integer maxRuns = 0;

  public Integer getMaxRuns() {
    return maxRuns;
  }

  public void setMaxRuns(Integer maxRuns) {
    this.maxRuns = maxRuns;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    return Objects.equals(maxRuns, ((EtlCatchUp) o).maxRuns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxRuns);
  }

  @Override
  public String toString() {
    return "EtlCatchUp{maxRuns=" + maxRuns + "}";
  }
}
