package io.tributary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code tributary-operator --help | --version | run --help}: what a user types first. */
class OperatorCommandLineTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void runAnswersHelpWithItsEnvironmentAndExitCodes() {
    assertThat(execute("run", "--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: tributary-operator run [-hV]")
        .contains("TRIBUTARY_LOG_LEVEL", "TRIBUTARY_LOG_FORMAT", "KUBECONFIG", "Exit codes:");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void versionIsTheMavenProjectVersion() throws Exception {
    String expected = "tributary-operator " + pomVersion(Path.of("pom.xml"));
    assertThat(execute("--version")).isZero();
    assertThat(out.toString().strip()).isEqualTo(expected);
    out.getBuffer().setLength(0);
    assertThat(execute("run", "--version")).isZero();
    assertThat(out.toString().strip()).isEqualTo(expected);
  }

  @Test
  void topLevelHelpShowsEachCommandsWholeDescription() {
    assertThat(execute("--help")).isZero();
    // run's description wraps; picocli's list would show only its first line
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("run Run the operator against the cluster of the current kube config or service account"
            + " (the default command).")
        .contains("waits, logging one line per attempt, while the API server cannot be reached.")
        .doesNotContain("sandbox");
  }

  @Test
  void sandboxNamesTheSandboxJar() {
    assertThat(execute("sandbox", "-f", "manifests/examples/market-data.yaml")).isEqualTo(2);
    assertThat(err.toString()).contains("the sandbox is not in the operator jar")
        .contains("java -jar operator/sandbox/target/tributary-sandbox.jar -f");
    assertThat(out.toString()).isEmpty();
  }

  /** The version in operator/pom.xml (its parent's). */
  private static String pomVersion(Path pom) throws Exception {
    Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>.*?</parent>", Pattern.DOTALL)
        .matcher(Files.readString(pom));
    assertThat(parent.find()).as("a parent version in %s", pom).isTrue();
    return parent.group(1).trim();
  }
}
