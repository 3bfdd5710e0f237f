package io.tributary.operator;

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
 * The production jar ({@code operator/target/tributary-operator.jar}, the same class path Jib puts in the
 * image) holds what {@code run} needs and nothing of the sandbox or the tests: no Kafka broker or Scala, no
 * fabric8 mock server, no embedded Redis binaries (those are in operator/sandbox's tributary-sandbox.jar).
 * An IT: failsafe runs it after {@code package} has written the jar.
 */
class ProductionJarContentIT {
  private static final Path JAR = Path.of("target", "tributary-operator.jar");

  /** Entry prefixes of what only the sandbox and the tests use. */
  private static final List<String> SANDBOX_OR_TEST_ONLY = List.of(
      "io/tributary/operator/sandbox/", "io/tributary/operator/testing/",
      "scala/", "org/apache/kafka/server/common/", "org/apache/kafka/raft/", "org/apache/kafka/metadata/",
      "org/apache/kafka/storage/", "org/apache/kafka/controller/", "org/apache/kafka/image/",
      "io/fabric8/kubernetes/client/server/mock/", "io/fabric8/mockwebserver/", "redis/embedded/",
      "org/junit/", "org/assertj/", "org/awaitility/", "com/marcnuri/helm/");

  @Test
  void holdsTheOperatorAndNotTheSandbox() throws IOException {
    List<String> entries = entries(JAR);

    assertThat(entries).contains("io/tributary/operator/Main.class", "io/tributary/operator/RunCommand.class",
        "io/tributary/runtime/BuildInfo.class", "org/apache/kafka/clients/admin/Admin.class",
        "io/fabric8/kubernetes/client/KubernetesClient.class");
    assertThat(entries).filteredOn(e -> SANDBOX_OR_TEST_ONLY.stream().anyMatch(e::startsWith)).isEmpty();
    // kafka-clients ships kafka/kafka-version.properties; the broker's Scala classes are under kafka/
    assertThat(entries).filteredOn(e -> e.startsWith("kafka/") && e.endsWith(".class")).isEmpty();
    assertThat(entries).filteredOn(e -> e.contains("redis-server") || e.equals("logback-test.xml")).isEmpty();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
    }
  }

  @Test
  void holdsNoTestClass() throws IOException {
    Path testClasses = Path.of("target", "test-classes");
    List<String> tests;
    try (Stream<Path> files = Files.walk(testClasses)) {
      tests = files.filter(f -> f.toString().endsWith(".class")).map(f -> testClasses.relativize(f).toString().replace('\\', '/'))
          .toList();
    }
    assertThat(tests).contains("io/tributary/operator/ProductionJarContentIT.class");
    assertThat(entries(JAR)).doesNotContainAnyElementsOf(tests);
  }

  private static List<String> entries(Path jar) throws IOException {
    assertThat(jar).as("built by package").isRegularFile();
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(ZipEntry::getName).toList();
    }
  }
}
