package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.v1alpha1.RedriveStatus;
import io.tributary.api.v1alpha1.WorkerRedrive;
import io.tributary.operator.model.RedrivePlan.Counts;
import io.tributary.operator.model.RedrivePlan.Step;
import io.tributary.operator.model.RedrivePlan.Verdict;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RedrivePlanTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final String BAD = "java.lang.IllegalArgumentException";

  private static WorkerRedrive request(String id) {
    WorkerRedrive r = new WorkerRedrive();
    r.setId(id);
    return r;
  }

  private static RedriveStatus status(String id, String phase, String completedId) {
    RedriveStatus s = new RedriveStatus();
    s.setId(id);
    s.setPhase(phase);
    s.setCompletedId(completedId);
    s.setUntilOffsets(phase == null ? null : Map.of("0", 10L));
    return s;
  }

  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of("no request", null, null, Step.NONE),
        Arguments.of("a new id", request("a"), null, Step.ACCEPT),
        Arguments.of("the id carried out (left in Git)", request("a"), status("a", RedrivePlan.SUCCEEDED, "a"), Step.NONE),
        Arguments.of("the id failed before", request("a"), status("a", RedrivePlan.FAILED, "a"), Step.NONE),
        Arguments.of("the id running (also after a restart)", request("a"), status("a", RedrivePlan.RUNNING, null), Step.RUN),
        Arguments.of("a new id after one done", request("b"), status("a", RedrivePlan.SUCCEEDED, "a"), Step.ACCEPT),
        Arguments.of("a new id replaces one running", request("b"), status("a", RedrivePlan.RUNNING, null), Step.ACCEPT),
        Arguments.of("an older id again after a newer one", request("a"), status("b", RedrivePlan.SUCCEEDED, "b"), Step.ACCEPT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decides(String name, WorkerRedrive request, RedriveStatus recorded, Step expected) {
    RedrivePlan.Decision d = RedrivePlan.decide(request, recorded, T0);
    assertThat(d.step()).isEqualTo(expected);
    if (expected == Step.NONE || expected == Step.RUN) {
      assertThat(d.status()).as("nothing changes").isEqualTo(recorded == null ? new RedriveStatus() : recorded);
    }
    if (expected == Step.ACCEPT) {
      assertThat(d.status().getId()).isEqualTo(request.getId());
      assertThat(d.status().getRequestedTime()).isEqualTo(T0.toString());
      assertThat(d.status().getSent()).isZero();
      assertThat(d.status().getUntilOffsets()).isNull();
    }
  }

  @Test
  void theRecordedStatusIsNotChanged() {
    RedriveStatus recorded = status("a", RedrivePlan.SUCCEEDED, "a");
    RedrivePlan.decide(request("b"), recorded, T0);
    assertThat(recorded.getId()).isEqualTo("a");
  }

  @Test
  void anAcceptedRedriveRunsToTheFixedOffsetsAndItsIdIsNeverRunAgain() {
    RedrivePlan.Decision d = RedrivePlan.decide(request("a"), null, T0);
    RedrivePlan.accepted(d.status(), "shop.dlq", Map.of(0, 7L, 1, 3L));
    RedriveStatus s = d.status();
    assertThat(s.getPhase()).isEqualTo(RedrivePlan.RUNNING);
    assertThat(s.getUntilOffsets()).containsExactly(Map.entry("0", 7L), Map.entry("1", 3L));
    assertThat(RedrivePlan.decide(request("a"), s, T0.plusSeconds(1)).step()).isEqualTo(Step.RUN);

    RedrivePlan.progress(s, new Counts(4, 2, 1), false, T0.plusSeconds(2));
    assertThat(s.getStartTime()).isEqualTo(T0.plusSeconds(2).toString());
    assertThat(s.getPhase()).isEqualTo(RedrivePlan.RUNNING);
    RedrivePlan.progress(s, new Counts(6, 6, 2), true, T0.plusSeconds(5));
    assertThat(s.getStartTime()).isEqualTo(T0.plusSeconds(2).toString());
    assertThat(s.getPhase()).isEqualTo(RedrivePlan.SUCCEEDED);
    assertThat(s.getCompletedId()).isEqualTo("a");
    assertThat(s.getFinishTime()).isEqualTo(T0.plusSeconds(5).toString());
    assertThat(s.getMessage()).isEqualTo("sent 6 of 6 matching records; skipped 2 outside the filter");
    assertThat(RedrivePlan.decide(request("a"), s, T0.plusSeconds(6)).step()).isEqualTo(Step.NONE);
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("yesterday", null, "spec.redrive.fromTime: \"yesterday\" is not an RFC 3339 instant"),
        Arguments.of(null, "2026-13-01T00:00:00Z", "spec.redrive.toTime: \"2026-13-01T00:00:00Z\""),
        Arguments.of("2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z",
            "spec.redrive: fromTime 2026-12-02T00:00:00Z is not before toTime 2026-12-01T00:00:00Z"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void aBadRequestFailsNamingTheFieldAndIsNotTriedAgain(String from, String to, String message) {
    WorkerRedrive r = request("bad");
    r.setFromTime(from);
    r.setToTime(to);
    RedrivePlan.Decision d = RedrivePlan.decide(r, null, T0);
    assertThat(d.step()).isEqualTo(Step.FAIL);
    assertThat(d.status().getPhase()).isEqualTo(RedrivePlan.FAILED);
    assertThat(d.status().getMessage()).startsWith(message);
    assertThat(RedrivePlan.decide(r, d.status(), T0).step()).isEqualTo(Step.NONE);
  }

  static Stream<Arguments> verdicts() {
    long t = T0.toEpochMilli();
    return Stream.of(
        Arguments.of("another component's", null, null, null, "auditor", BAD, t, Verdict.OTHER),
        Arguments.of("no component header", null, null, null, null, BAD, t, Verdict.OTHER),
        Arguments.of("no filter", null, null, null, "enricher", BAD, t, Verdict.SEND),
        Arguments.of("the error class", BAD, null, null, "enricher", BAD, t, Verdict.SEND),
        Arguments.of("another error class", BAD, null, null, "enricher", "x.Timeout", t, Verdict.SKIP),
        Arguments.of("no error class header", BAD, null, null, "enricher", null, t, Verdict.SKIP),
        Arguments.of("at fromTime", null, T0.toString(), null, "enricher", BAD, t, Verdict.SEND),
        Arguments.of("before fromTime", null, T0.toString(), null, "enricher", BAD, t - 1, Verdict.SKIP),
        Arguments.of("before toTime", null, null, T0.toString(), "enricher", BAD, t - 1, Verdict.SEND),
        Arguments.of("at toTime (exclusive)", null, null, T0.toString(), "enricher", BAD, t, Verdict.SKIP));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verdicts")
  void sendsOnlyTheWorkersRecordsInTheFilter(String name, String errorClass, String from, String to, String component,
      String recordClass, long timestamp, Verdict expected) {
    WorkerRedrive r = request("a");
    r.setErrorClass(errorClass);
    r.setFromTime(from);
    r.setToTime(to);
    assertThat(RedrivePlan.verdict(r, "enricher", component, recordClass, timestamp)).isEqualTo(expected);
  }

  @Test
  void theCountsSurviveInTheOffsetCommitMetadata() {
    Counts c = new Counts(12, 10, 3);
    assertThat(Counts.decode(c.encode())).isEqualTo(c);
    assertThat(Counts.decode(null)).isEqualTo(Counts.ZERO);
    assertThat(Counts.decode("")).isEqualTo(Counts.ZERO);
    assertThat(Counts.decode("someone else's")).isEqualTo(Counts.ZERO);
    assertThat(c.plus(new Counts(1, 1, 1))).isEqualTo(new Counts(13, 11, 4));
  }

  @Test
  void theGroupAndTransactionalIdAreOnePerRedrive() {
    assertThat(RedrivePlan.group("shop", "enricher", "fix-1")).isEqualTo("tributary-redrive.shop.enricher.fix-1");
    assertThat(RedrivePlan.transactionalId("shop", "uid-1", "fix-1")).isEqualTo("tributary-redrive.shop.uid-1.fix-1");
  }
}
