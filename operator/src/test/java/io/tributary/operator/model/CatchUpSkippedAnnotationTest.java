package io.tributary.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catch-up Job's skipped count is read back defensively: anyone who may edit Jobs may edit it. */
class CatchUpSkippedAnnotationTest {
  private static Job withAnnotation(String value) {
    return new JobBuilder().withNewMetadata().withName("j")
        .withAnnotations(value == null ? Map.of() : Map.of(EtlModel.CATCH_UP_SKIPPED_ANNOTATION, value))
        .endMetadata().build();
  }

  @Test
  void aMissingMalformedOrNegativeCountIsZero() {
    assertThat(EtlModel.catchUpSkipped(withAnnotation(null))).isZero();
    assertThat(EtlModel.catchUpSkipped(withAnnotation("three"))).isZero();
    assertThat(EtlModel.catchUpSkipped(withAnnotation("-5"))).isZero();
    assertThat(EtlModel.catchUpSkipped(withAnnotation("99999999999999999999"))).isZero();
    assertThat(EtlModel.catchUpSkipped(new JobBuilder().withNewMetadata().withName("j").endMetadata().build())).isZero();
    assertThat(EtlModel.catchUpSkipped(withAnnotation("4"))).isEqualTo(4);
  }
}
