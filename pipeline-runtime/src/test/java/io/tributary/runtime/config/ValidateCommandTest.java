package io.tributary.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

  private String printed() {
    return output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aValidFileExitsZero() {
    Path file = ExampleConfigs.DIR.resolve("worker-cache-writer.json");
    assertThat(ValidateCommand.run(file, out)).isEqualTo(ValidateCommand.OK);
    assertThat(printed()).isEqualTo(file + ": valid worker configuration\n");
  }

  @Test
  void problemsArePrintedOnePerLineAndExitNonZero() throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, RuntimeConfigs.mapper().writeValueAsString(ExampleConfigs.edited(
        "worker-cache-writer.json", "worker.processors[0].cacheLatest.ttl", "\"5x\"")
        .put("metricsPort", -1)));
    assertThat(ValidateCommand.run(file, out)).isEqualTo(ValidateCommand.INVALID);
    assertThat(printed().split("\n")).containsExactly(
        "metricsPort: -1 must be between 1 and 65535",
        "worker.processors[0].cacheLatest.ttl: \"5x\" is not a duration (use e.g. 500ms, 30s, 5m, 1h, 1d)",
        file + ": 2 problems");
  }

  @Test
  void brokenJsonIsAProblemWithItsPosition() throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"pipeline\": \"p\",\n \"role\": }");
    assertThat(ValidateCommand.run(file, out)).isEqualTo(ValidateCommand.INVALID);
    assertThat(printed()).startsWith("$: not valid JSON at line 2, column 10: ");
  }

  @Test
  void aMissingFileIsAProblem() {
    Path file = dir.resolve("absent.json");
    assertThat(ValidateCommand.run(file, out)).isEqualTo(ValidateCommand.INVALID);
    assertThat(printed()).startsWith("$: cannot read " + file);
  }
}
