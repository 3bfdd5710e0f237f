package io.tributary.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {

  @Test
  void helmLintStrictFindsNothing() {
    LintResult result = new Helm(Repository.chart()).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .as("helm lint --strict messages")
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }
}
