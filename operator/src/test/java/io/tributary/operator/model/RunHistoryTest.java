package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.v1alpha1.EtlRunSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunHistoryTest {
  private static EtlRunSummary run(String job, String finished, String result) {
    EtlRunSummary run = new EtlRunSummary();
    run.setJob(job);
    run.setFinishTime(finished);
    run.setResult(result);
    return run;
  }

  @Test
  void newRunsJoinTheListedOnesNewestFirstUpToTheLimit() {
    List<EtlRunSummary> listed = List.of(run("etl-2", "2026-12-02T10:30:05Z", "Failed"), run("etl-1", "2026-12-02T10:15:04Z", "Succeeded"));
    List<EtlRunSummary> finished = List.of(run("etl-3", "2026-12-02T10:45:03Z", "Succeeded"));

    assertThat(RunHistory.merge(listed, finished, 10)).extracting(EtlRunSummary::getJob).containsExactly("etl-3", "etl-2", "etl-1");
    assertThat(RunHistory.merge(listed, finished, 2)).extracting(EtlRunSummary::getJob).containsExactly("etl-3", "etl-2");
    assertThat(RunHistory.merge(listed, finished, 0)).isEmpty();
  }

  @Test
  void aRunStaysListedAfterItsJobIsGoneAndAJobIsListedOnce() {
    List<EtlRunSummary> listed = List.of(run("etl-1", "2026-12-02T10:15:04Z", "Succeeded"));

    // the Job of etl-1 was deleted by the history limits: not among the finished ones any more
    assertThat(RunHistory.merge(listed, List.of(), 10)).containsExactlyElementsOf(listed);
    // the same Job seen again: its fresh summary replaces the listed one
    EtlRunSummary again = run("etl-1", "2026-12-02T10:15:04Z", "Succeeded");
    again.setRecords(7L);
    assertThat(RunHistory.merge(listed, List.of(again), 10)).containsExactly(again);
  }

  @Test
  void nothingListedAndNothingFinishedIsAnEmptyHistory() {
    assertThat(RunHistory.merge(null, List.of(), 10)).isEmpty();
  }
}
