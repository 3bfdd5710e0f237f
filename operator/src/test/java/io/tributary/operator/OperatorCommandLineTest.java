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
    // the sandbox's description has two lines; picocli's list shows only the first, ending in "the operator,"
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("sandbox Run the whole system on this machine: an embedded Kubernetes API, Kafka, Redis, the"
            + " operator, and a local node that runs every pod as a child process of the runtime jar.")
        .contains("run Run the operator against the cluster");
  }

  /** The version in operator/pom.xml (its parent's). */
  private static String pomVersion(Path pom) throws Exception {
    Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>.*?</parent>", Pattern.DOTALL)
        .matcher(Files.readString(pom));
    assertThat(parent.find()).as("a parent version in %s", pom).isTrue();
    return parent.group(1).trim();
  }
}
