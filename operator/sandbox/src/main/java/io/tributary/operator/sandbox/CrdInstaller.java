package io.tributary.operator.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.tributary.operator.model.UpstreamKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Registers the CRDs the sandbox's API serves: Tributary's own ({@code crds/*.yml} of the
 * repository the sandbox runs from, else the copies packaged in the sandbox jar under
 * {@code META-INF/fabric8/} by the crds module), Strimzi's {@code KafkaTopic} and the Prometheus
 * Operator's {@code PodMonitor} and {@code PrometheusRule}, so the operator finds the kinds it
 * writes (the sandbox plays Strimzi's topic operator and, for the rules, the Prometheus Operator).
 */
final class CrdInstaller {
  /** The generated CRD files (DESIGN §1, the {@code crds} module). */
  static final List<String> TRIBUTARY_CRD_FILES = List.of(
      "pipelines.tributary.io-v1.yml", "producers.tributary.io-v1.yml",
      "workers.tributary.io-v1.yml", "etlschedules.tributary.io-v1.yml");

  private final KubernetesClient client;

  CrdInstaller(KubernetesClient client) {
    this.client = client;
  }

  /** Installs all CRDs; returns their names. */
  List<String> installAll() {
    List<String> names = new ArrayList<>();
    for (String file : TRIBUTARY_CRD_FILES) {
      try (InputStream in = open(file)) {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        install(crd);
        names.add(crd.getMetadata().getName());
      } catch (IOException e) {
        throw new SandboxStartupException("cannot read CRD " + file + ": " + e.getMessage(), e);
      }
    }
    for (CustomResourceDefinition upstream : List.of(strimziKafkaTopic(),
        openSchema(UpstreamKind.POD_MONITOR, "pmon"), openSchema(UpstreamKind.PROMETHEUS_RULE, "promrule"))) {
      install(upstream);
      names.add(upstream.getMetadata().getName());
    }
    return names;
  }

  private void install(CustomResourceDefinition crd) {
    client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(NonDeletingOperation::update);
  }

  private static InputStream open(String file) throws IOException {
    Optional<Path> inRepository = repositoryCrdsDirectory().map(dir -> dir.resolve(file)).filter(Files::isRegularFile);
    if (inRepository.isPresent()) {
      return Files.newInputStream(inRepository.get());
    }
    // the crds jar (inside the sandbox jar) carries the generated files under META-INF/fabric8/
    InputStream packaged = CrdInstaller.class.getClassLoader().getResourceAsStream("META-INF/fabric8/" + file);
    if (packaged == null) {
      packaged = CrdInstaller.class.getClassLoader().getResourceAsStream("crds/" + file);
    }
    if (packaged == null) {
      throw new SandboxStartupException("CRD " + file + " not found: neither crds/" + file
          + " in this directory or a parent, nor in the sandbox jar; run the sandbox from the repository root"
          + " or build it with ./mvnw -q package -DskipTests");
    }
    return packaged;
  }

  private static Optional<Path> repositoryCrdsDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("crds");
      if (Files.isRegularFile(candidate.resolve(TRIBUTARY_CRD_FILES.get(0)))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Strimzi's KafkaTopic CRD reduced to what an API server needs: names, scope, the served
   * versions with a status subresource, and an open schema.
   */
  static CustomResourceDefinition strimziKafkaTopic() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("kafkatopics.kafka.strimzi.io")
          .addToLabels("app", "strimzi").addToLabels("strimzi.io/crd-install", "true").endMetadata()
        .withNewSpec()
          .withGroup("kafka.strimzi.io")
          .withScope("Namespaced")
          .withNewNames().withKind("KafkaTopic").withListKind("KafkaTopicList").withPlural("kafkatopics")
            .withSingular("kafkatopic").withShortNames("kt").withCategories("strimzi").endNames()
          .withVersions(version("v1", true), version("v1beta2", false))
        .endSpec()
        .build();
  }

  /** An upstream kind's CRD reduced to names, scope and one served version with an open schema. */
  static CustomResourceDefinition openSchema(UpstreamKind kind, String shortName) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(kind.plural + "." + kind.group).endMetadata()
        .withNewSpec()
          .withGroup(kind.group)
          .withScope("Namespaced")
          .withNewNames().withKind(kind.kind).withListKind(kind.kind + "List").withPlural(kind.plural)
            .withSingular(kind.kind.toLowerCase(java.util.Locale.ROOT)).withShortNames(shortName).endNames()
          .withVersions(version(kind.version, true))
        .endSpec()
        .build();
  }

  private static CustomResourceDefinitionVersion version(String name, boolean storage) {
    return new CustomResourceDefinitionVersionBuilder()
        .withName(name).withServed(true).withStorage(storage)
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
          .endOpenAPIV3Schema().endSchema()
        .build();
  }
}
