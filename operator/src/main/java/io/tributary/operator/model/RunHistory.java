package io.tributary.operator.model;

import io.tributary.api.v1alpha1.EtlRunSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code EtlSchedule.status.recentRuns}: the runs listed so far and those of the Jobs that
 * finished since, newest first. The status is the memory: a run stays listed after its Job is
 * deleted by the history limits. Pure.
 */
public final class RunHistory {
  /** Newest first; a run without a finish time (written before it was recorded) sorts last. */
  private static final Comparator<EtlRunSummary> NEWEST_FIRST = Comparator.comparing(
      (EtlRunSummary run) -> run.getFinishTime() == null ? "" : run.getFinishTime()).reversed()
      .thenComparing(run -> run.getJob() == null ? "" : run.getJob());

  private RunHistory() {}

  /**
   * The runs to list.
   *
   * @param listed {@code status.recentRuns} as it is (null: none yet)
   * @param finished summaries of finished Jobs; one for a Job already listed replaces that entry
   * @param limit {@code spec.history.runs}
   * @return at most {@code limit} runs, one per Job, newest first
   */
  public static List<EtlRunSummary> merge(List<EtlRunSummary> listed, List<EtlRunSummary> finished, int limit) {
    Map<String, EtlRunSummary> byJob = new LinkedHashMap<>();
    for (EtlRunSummary run : listed == null ? List.<EtlRunSummary>of() : listed) {
      byJob.put(run.getJob(), run);
    }
    for (EtlRunSummary run : finished) {
      byJob.put(run.getJob(), run);
    }
    List<EtlRunSummary> runs = new ArrayList<>(byJob.values());
    runs.sort(NEWEST_FIRST);
    return List.copyOf(runs.subList(0, Math.min(Math.max(limit, 0), runs.size())));
  }
}
