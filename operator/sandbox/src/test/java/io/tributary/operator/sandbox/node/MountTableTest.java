package io.tributary.operator.sandbox.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountTableTest {
  private final MountTable mounts = new MountTable(List.of(
      new MountTable.Mount("/etc/tributary", Path.of("/pods/p/volumes/config")),
      new MountTable.Mount("/etc/tributary/kafka-tls/", Path.of("/pods/p/volumes/tls")),
      new MountTable.Mount("/etc/app.properties", Path.of("/pods/p/volumes/props/app.properties"))));

  @Test
  void theLongestMountPathWins() {
    assertThat(mounts.resolve("/etc/tributary/config.json")).contains(Path.of("/pods/p/volumes/config/config.json"));
    assertThat(mounts.resolve("/etc/tributary/kafka-tls/ca.crt")).contains(Path.of("/pods/p/volumes/tls/ca.crt"));
    assertThat(mounts.resolve("/etc/app.properties")).contains(Path.of("/pods/p/volumes/props/app.properties"));
  }

  @Test
  void pathsOutsideTheMountsAndOtherValuesStayAsTheyAre() {
    assertThat(mounts.resolve("/etc/tributaryx/config.json")).isEmpty();
    assertThat(mounts.mapValue("redis://redis:6379/0")).isEqualTo("redis://redis:6379/0");
    assertThat(mounts.mapValue("/var/data")).isEqualTo("/var/data");
  }

  @Test
  void expandsReferencesToEarlierVariablesOnly() {
    assertThat(PodEnvironment.expand("$(HOST):$(PORT)/$(MISSING)", Map.of("HOST", "127.0.0.1", "PORT", "6379")))
        .isEqualTo("127.0.0.1:6379/$(MISSING)");
  }
}
