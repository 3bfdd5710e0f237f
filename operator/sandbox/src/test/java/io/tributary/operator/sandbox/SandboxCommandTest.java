package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SandboxCommandTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void aMissingRuntimeJarIsReportedWithTheBuildCommand() throws Exception {
    Path manifest = Files.writeString(dir.resolve("m.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");

    int exit = run("-f", manifest.toString(), "--runtime-jar", dir.resolve("nope.jar").toString(),
        "--output-dir", dir.resolve("out").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("sandbox: cannot start: runtime jar ")
        .contains("nope.jar does not exist: build it with ./mvnw -q package -DskipTests");
  }

  @Test
  void anUnknownApiNamesTheValueAndTheChoices() {
    int exit = run("-f", "x.yaml", "--api", "kind");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("'kind' is not an API: use mock or real");
  }

  @Test
  void theApiIsTheMockUnlessAskedAndRealCaseInsensitively() {
    assertThat(new ApiModeConverter().convert("REAL")).isEqualTo(SandboxOptions.ApiMode.REAL);
    assertThat(new ApiModeConverter().convert(" mock ")).isEqualTo(SandboxOptions.ApiMode.MOCK);
    assertThat(SandboxOptions.defaults().api()).isEqualTo(SandboxOptions.ApiMode.MOCK);
  }

  @Test
  void aBadDurationNamesTheValueAndTheFormat() {
    int exit = run("-f", "x.yaml", "--duration", "sixty");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("'sixty' is not a duration: use a number and a unit, e.g. 500ms, 30s, 5m, 1h");
  }

  @Test
  void filesAreRequired() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required option: '--file=<file or folder>'");
  }

  @Test
  void theSandboxJarsCommandIsTheSandboxItself() {
    java.io.StringWriter help = new java.io.StringWriter();
    CommandLine commandLine = SandboxMain.commandLine();
    commandLine.setOut(new java.io.PrintWriter(help, true));

    assertThat(commandLine.execute("--help")).isZero();
    assertThat(help.toString()).startsWith("Usage: tributary-sandbox [-hV]")
        .contains("-f, --file=<file or folder>", "--api=mock|real");
  }

  private int run(String... args) {
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    CommandLine commandLine = new CommandLine(new SandboxCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        errStream, OperatorStarter.none()));
    commandLine.setErr(new java.io.PrintWriter(errStream, true));
    return commandLine.execute(args);
  }
}
