package io.tributary.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.api.v1alpha1.ReplayStatus;
import io.tributary.api.v1alpha1.WorkerReplay;
import io.tributary.operator.model.ReplayPlan.Decision;
import io.tributary.operator.model.ReplayPlan.Step;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  private static WorkerReplay fromTimestamp(String id, String ts) {
    WorkerReplay r = new WorkerReplay();
    r.setId(id);
    r.setFromTimestamp(ts);
    return r;
  }

  @Test
  void noRequestDoesNothing() {
    Decision d = ReplayPlan.decide(null, null, 3, 3, T0);
    assertEquals(Step.NONE, d.step());
    assertNull(d.status().getPhase());
  }

  @Test
  void aFullReplayStopsWaitsForPodsResetsResumesAndNeverRunsTheSameIdAgain() {
    WorkerReplay r = fromTimestamp("r1", "2026-12-01T00:00:00Z");
    Decision start = ReplayPlan.decide(r, null, 3, 3, T0);
    assertEquals(Step.STOP, start.step());
    assertTrue(start.started());
    assertEquals(ReplayPlan.STOPPING, start.status().getPhase());
    assertEquals(3, start.status().getReplicasBefore());
    assertEquals(T0.toString(), start.status().getStartTime());

    // pods still terminating: keep holding; the replicas before are not overwritten by the held 0
    Decision waiting = ReplayPlan.decide(r, start.status(), 0, 1, T0.plusSeconds(5));
    assertEquals(Step.STOP, waiting.step());
    assertFalse(waiting.started());
    assertEquals(3, waiting.status().getReplicasBefore());

    Decision reset = ReplayPlan.decide(r, waiting.status(), 0, 0, T0.plusSeconds(10));
    assertEquals(Step.RESET, reset.step());
    assertTrue(ReplayPlan.holds(reset.step()));
    ReplayPlan.resetDone(reset.status(), 40, 100, T0.plusSeconds(11));

    Decision resume = ReplayPlan.decide(r, reset.status(), 0, 0, T0.plusSeconds(12));
    assertEquals(Step.RESUME, resume.step());
    assertFalse(ReplayPlan.holds(resume.step()));
    ReplayPlan.resumed(resume.status(), T0.plusSeconds(13));
    assertEquals("r1", resume.status().getCompletedId());
    assertEquals(ReplayPlan.DONE, resume.status().getPhase());
    assertEquals(100L, resume.status().getRecordsToReplay());
    assertEquals(40L, resume.status().getLagAtStart());

    // the request left in Git, or re-applied: nothing happens, also from the persisted status alone
    Decision again = ReplayPlan.decide(r, resume.status(), 3, 3, T0.plusSeconds(60));
    assertEquals(Step.NONE, again.step());
    assertEquals(resume.status(), again.status());
  }

  @Test
  void aNewIdAfterADoneOneStartsAgain() {
    ReplayStatus done = new ReplayStatus();
    done.setId("r1");
    done.setCompletedId("r1");
    done.setPhase(ReplayPlan.DONE);
    done.setReplicasBefore(2);
    Decision d = ReplayPlan.decide(fromTimestamp("r2", "2026-12-01T00:00:00Z"), done, 5, 5, T0);
    assertEquals(Step.STOP, d.step());
    assertEquals(5, d.status().getReplicasBefore());
    assertEquals("r1", d.status().getCompletedId());
  }

  @Test
  void aNewIdDuringAReplayKeepsTheReplicasFromBeforeTheFirstStop() {
    Decision first = ReplayPlan.decide(fromTimestamp("r1", "2026-12-01T00:00:00Z"), null, 4, 4, T0);
    Decision second = ReplayPlan.decide(fromTimestamp("r2", "2026-12-01T00:00:00Z"), first.status(), 0, 0, T0);
    assertEquals(Step.RESET, second.step());
    assertEquals("r2", second.status().getId());
    assertEquals(4, second.status().getReplicasBefore());
  }

  @Test
  void aBadTimestampFailsNamingTheFieldAndStopsNothingAndIsNotRetried() {
    WorkerReplay r = fromTimestamp("bad", "yesterday");
    Decision d = ReplayPlan.decide(r, null, 2, 2, T0);
    assertEquals(Step.FAIL, d.step());
    assertTrue(d.status().getMessage().contains("spec.replay.fromTimestamp: \"yesterday\""), d.status().getMessage());
    assertEquals("bad", d.status().getCompletedId());
    assertEquals(Step.NONE, ReplayPlan.decide(r, d.status(), 2, 2, T0).step());
  }

  @Test
  void badOffsetsNameThePartition() {
    WorkerReplay r = new WorkerReplay();
    r.setId("o");
    r.setToOffsets(Map.of("x", 3L));
    assertTrue(ReplayPlan.invalid(r).contains("key \"x\""));
    r.setToOffsets(Map.of("0", -1L));
    assertTrue(ReplayPlan.invalid(r).contains("toOffsets[\"0\"]"));
    r.setToOffsets(Map.of("0", 5L));
    assertNull(ReplayPlan.invalid(r));
    r.setToEarliest(true);
    assertTrue(ReplayPlan.invalid(r).startsWith("spec.replay: exactly one"));
  }
}
