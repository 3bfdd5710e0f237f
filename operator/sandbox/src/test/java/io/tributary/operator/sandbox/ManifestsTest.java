package io.tributary.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
  @TempDir
  Path dir;

  @Test
  void readsMultiDocumentFilesAndFoldersInNameOrder() throws Exception {
    Files.writeString(dir.resolve("b.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: second}
        ---
        # only a comment
        ---
        apiVersion: v1
        kind: List
        items:
          - {apiVersion: v1, kind: Secret, metadata: {name: third}}
        """);
    Files.writeString(dir.resolve("a.yml"), "apiVersion: tributary.io/v1alpha1\nkind: Pipeline\nmetadata: {name: first}\n");
    Files.writeString(dir.resolve("notes.txt"), "not a manifest");

    assertThat(Manifests.load(List.of(dir))).extracting(Manifests.Manifest::name)
        .containsExactly("first", "second", "third");
  }

  @Test
  void aBrokenDocumentIsNamedByFileAndPosition() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n");
    assertThatThrownBy(() -> Manifests.load(List.of(file)))
        .hasMessage(file + " (document 2): metadata.name is missing");
    assertThatThrownBy(() -> Manifests.load(List.of(dir.resolve("missing.yaml"))))
        .hasMessageContaining("missing.yaml: no such file or directory");
  }
}
