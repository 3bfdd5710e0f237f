package io.tributary.operator;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of README "Operator packages", on the main classes of the operator (the sandbox
 * is the operator/sandbox module, not on this class path).
 *
 * <ul>
 *   <li>{@code model}: pure functions from custom resources to the objects the operator writes. It
 *       uses the CRD classes, fabric8's <em>model</em> classes, Jackson and the runtime's
 *       configuration schema ({@code io.tributary.runtime.config}); no Kubernetes client, no
 *       JOSDK, no other operator package, no runtime role code.
 *   <li>The scaling decision ({@link #DECISION}): numbers in, recommendation out; no Kubernetes,
 *       Kafka, Redis or metrics library.
 *   <li>{@code reconciler} does not use {@code autoscale}. {@code autoscale} uses the reconciler's
 *       services ({@code OperatorServices}, {@code KafkaAccess}, {@code SecretValues},
 *       {@code EventRecorder}); the KEDA object, which the WorkerReconciler writes, is a model.
 * </ul>
 */
class ArchitectureTest {
  private static final String MODEL = "io.tributary.operator.model..";

  /** The pure part of the autoscaler, plus the policy it reads (a model). */
  static final Set<String> DECISION = Set.of(
      "ScalingDecider", "ScalingInput", "ScalingDecision", "ScalingDirection", "Recommendation",
      "RateEstimator", "Rates", "Sample", "ScalerMemory", "LagObservation", "PartitionLag",
      "LagTarget", "ScalingPolicy");

  /**
   * Model dependencies the rule lets through, each with its reason; empty now that
   * {@code UpstreamKind.context()} moved to {@code reconciler/UpstreamResources}.
   * {@link #theAllowListHasNoStaleEntries()} fails when an entry is no longer needed, so the list
   * only shrinks.
   */
  static final Set<String> MODEL_ALLOWED = Set.of();

  private static final Pattern IMPORT = Pattern.compile("import (?:static )?([\\w.$]+?)(?:\\.\\*)?;");

  static final JavaClasses OPERATOR = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.tributary.operator");

  /**
   * What a model must not use, by fully qualified class name: the one definition for the bytecode
   * rule and for the source rule (which sees what javac inlines, such as another class's
   * {@code static final String}).
   */
  static boolean notForModels(String className) {
    return className.startsWith("io.fabric8.kubernetes.client.")
        || className.startsWith("io.javaoperatorsdk.")
        || (className.startsWith("io.tributary.operator.") && !className.startsWith("io.tributary.operator.model."))
        || (className.startsWith("io.tributary.runtime.") && !className.startsWith("io.tributary.runtime.config."));
  }

  private static final DescribedPredicate<JavaClass> NOT_FOR_MODELS = describe(
      "the Kubernetes client, JOSDK, another operator package or runtime role code", c -> notForModels(c.getName()));

  @Test
  void modelsUseNoClientNoJosdkNoOtherOperatorPackageNoRoleCode() {
    classes().that().resideInAPackage(MODEL)
        .should(notDependOn(NOT_FOR_MODELS, MODEL_ALLOWED))
        .check(OPERATOR);
  }

  /** Imports of the model sources: constants of other classes are inlined, the bytecode misses them. */
  @Test
  void modelSourcesImportNoClientNoJosdkNoOtherOperatorPackageNoRoleCode() throws IOException {
    Path dir = Path.of("src/main/java/io/tributary/operator/model");
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String origin = "io.tributary.operator.model." + file.getFileName().toString().replace(".java", "");
        for (String line : Files.readAllLines(file)) {
          Matcher m = IMPORT.matcher(line);
          if (m.matches() && notForModels(m.group(1)) && !MODEL_ALLOWED.contains(origin + " -> " + m.group(1))) {
            violations.add(file.getFileName() + ": " + line.trim());
          }
        }
      }
    }
    assertThat(violations).as("model imports " + NOT_FOR_MODELS.getDescription()).isEmpty();
  }

  /** The model rule is not vacuous: it sees the classes and names real violations. */
  @Test
  void theModelRuleCatchesWhatItForbids() {
    assertThat(OPERATOR.containPackage("io.tributary.operator.model")).isTrue();
    assertThat(notForModels("io.fabric8.kubernetes.client.KubernetesClient")).isTrue();
    assertThat(notForModels("io.javaoperatorsdk.operator.api.reconciler.Context")).isTrue();
    assertThat(notForModels("io.tributary.operator.topics.TopicAdmin")).isTrue();
    assertThat(notForModels("io.tributary.runtime.etl.EtlRole")).isTrue();
    assertThat(notForModels("io.fabric8.kubernetes.api.model.ConfigMap")).isFalse();
    assertThat(notForModels("io.tributary.runtime.config.RuntimeConfig")).isFalse();
    assertThat(notForModels("io.tributary.operator.model.Labels")).isFalse();
  }

  @Test
  void theAllowListHasNoStaleEntries() {
    Set<String> present = OPERATOR.stream()
        .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
        .map(ArchitectureTest::edge)
        .collect(Collectors.toSet());
    assertThat(present).as("MODEL_ALLOWED entries that no longer occur: remove them").containsAll(MODEL_ALLOWED);
  }

  @Test
  void theScalingDecisionIsPure() {
    noClasses().that(describe("are the scaling decision " + DECISION, c -> DECISION.contains(c.getSimpleName())))
        .should().dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..", "org.apache.kafka..", "io.lettuce..", "io.micrometer..")
        .check(OPERATOR);
    // the set names classes that exist: a rename must update it
    assertThat(OPERATOR.stream().map(JavaClass::getSimpleName).filter(DECISION::contains).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(DECISION);
  }

  @Test
  void theReconcilerDoesNotUseTheAutoscaler() {
    noClasses().that().resideInAPackage("io.tributary.operator.reconciler..")
        .should().dependOnClassesThat().resideInAPackage("io.tributary.operator.autoscale..")
        .check(OPERATOR);
  }

  @Test
  void theKedaObjectIsAModel() {
    assertThat(OPERATOR.stream().filter(simpleName("KedaScaledObjectModel")).map(JavaClass::getPackageName))
        .containsExactly("io.tributary.operator.model");
  }

  private static String edge(Dependency d) {
    return d.getOriginClass().getName() + " -> " + d.getTargetClass().getName();
  }

  private static ArchCondition<JavaClass> notDependOn(DescribedPredicate<JavaClass> target, Set<String> allowed) {
    return new ArchCondition<>("not depend on " + target.getDescription()) {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        for (Dependency d : item.getDirectDependenciesFromSelf()) {
          if (target.test(d.getTargetClass()) && !allowed.contains(edge(d))) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }
}
