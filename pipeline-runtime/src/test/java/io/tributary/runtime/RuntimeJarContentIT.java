package io.tributary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The runnable runtime jar ({@code pipeline-runtime/target/pipeline-runtime.jar}, the pods' image) holds no
 * test class or test library and none of the servers the tests and the sandbox embed (the Kafka broker and
 * embedded Redis are {@code provided}). An IT: failsafe runs it after {@code package} has written the jar.
 */
class RuntimeJarContentIT {
  private static final Path JAR = Path.of("target", "pipeline-runtime.jar");

  @Test
  void holdsNoTestClass() throws IOException {
    Path testClasses = Path.of("target", "test-classes");
    List<String> tests;
    try (Stream<Path> files = Files.walk(testClasses)) {
      tests = files.filter(f -> f.toString().endsWith(".class")).map(f -> testClasses.relativize(f).toString().replace('\\', '/'))
          .toList();
    }
    assertThat(tests).contains("io/tributary/runtime/RuntimeJarContentIT.class");

    assertThat(entries()).doesNotContainAnyElementsOf(tests);
  }

  @Test
  void holdsNoTestLibraryAndNoEmbeddedServer() throws IOException {
    List<String> entries = entries();

    assertThat(entries).contains("io/tributary/runtime/Main.class");
    assertThat(entries).filteredOn(e -> Stream.of("org/junit/", "org/assertj/", "org/awaitility/", "scala/",
        "org/apache/kafka/server/common/", "org/apache/kafka/raft/", "org/apache/kafka/metadata/",
        "org/apache/kafka/storage/", "redis/embedded/").anyMatch(e::startsWith)).isEmpty();
    // kafka-clients ships kafka/kafka-version.properties; the broker's Scala classes are under kafka/
    assertThat(entries).filteredOn(e -> e.startsWith("kafka/") && e.endsWith(".class")).isEmpty();
    assertThat(entries).filteredOn(e -> e.contains("redis-server") || e.equals("logback-test.xml")).isEmpty();
  }

  private static List<String> entries() throws IOException {
    assertThat(JAR).as("built by package").isRegularFile();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      return jar.stream().map(ZipEntry::getName).toList();
    }
  }
}
