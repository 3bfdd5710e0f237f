package io.tributary.api.schema;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles and evaluates {@code x-kubernetes-validations} rules with the CEL reference
 * implementation for Java. {@code self} is bound dynamically to the value of the schema node
 * (objects as maps, arrays as lists, integers as {@code long}, numbers as {@code double}), as the
 * API server does. Compiled rules are cached because the same CRD is validated many times.
 *
 * <p>Evaluating untyped is lenient about field names; {@link #typeCheck} compiles a rule with
 * {@code self} typed by the schema, as the server does when it admits the CRD.
 */
final class CelRules {

  /** Outcome of one rule: passed, failed, or could not be evaluated (with the reason). */
  record Outcome(boolean passed, String error) {
    static final Outcome PASSED = new Outcome(true, null);
    static final Outcome FAILED = new Outcome(false, null);
  }

  private static final CelOptions OPTIONS = CelOptions.current()
      .enableHeterogeneousNumericComparisons(true)
      .build();

  private static final Cel CEL = builder().addVar("self", SimpleType.DYN).build();

  /** For telling a rule that needs a library we lack from one the schema's types refuse. */
  private static final Cel UNTYPED = builder().addVar("self", SimpleType.DYN).addVar("oldSelf", SimpleType.DYN).build();

  private static final Map<String, Object> COMPILED = new ConcurrentHashMap<>();

  private CelRules() {
  }

  /** Transition rules compare with the stored object; on create there is none, so they are skipped. */
  static boolean isTransitionRule(String rule) {
    return rule.matches("(?s).*\\boldSelf\\b.*");
  }

  static Outcome evaluate(String rule, Object self) {
    Object compiled = COMPILED.computeIfAbsent(rule, CelRules::compile);
    if (compiled instanceof String compileError) {
      return new Outcome(false, "rule does not compile: " + compileError);
    }
    try {
      Object result = CEL.createProgram((CelAbstractSyntaxTree) compiled).eval(Map.of("self", self));
      if (result instanceof Boolean passed) {
        return passed ? Outcome.PASSED : Outcome.FAILED;
      }
      return new Outcome(false, "rule returned " + result + " instead of a bool");
    } catch (CelEvaluationException e) {
      return new Outcome(false, "rule evaluation error: " + e.getMessage());
    }
  }

  /** Evaluates a {@code messageExpression}; {@code null} when it cannot be evaluated. */
  static String message(String expression, Object self) {
    Object compiled = COMPILED.computeIfAbsent(expression, CelRules::compile);
    if (compiled instanceof String) {
      return null;
    }
    try {
      Object result = CEL.createProgram((CelAbstractSyntaxTree) compiled).eval(Map.of("self", self));
      return result instanceof String s ? s : null;
    } catch (CelEvaluationException e) {
      return null;
    }
  }

  /**
   * Compiles a rule or message expression with {@code self} and {@code oldSelf} of the given type,
   * as the API server does when it admits a CRD.
   *
   * @return the reason it does not compile or does not give {@code resultType}; empty when it does,
   *     and also when it does not compile even untyped (it uses a Kubernetes library function this
   *     CEL implementation lacks: then only the server can judge it)
   */
  static Optional<String> typeCheck(String expression, CelType selfType, CelTypeProvider types,
                                    CelType resultType) {
    Cel typed = builder().addVar("self", selfType).addVar("oldSelf", selfType).setTypeProvider(types).build();
    CelAbstractSyntaxTree ast;
    try {
      ast = typed.compile(expression).getAst();
    } catch (CelValidationException e) {
      return compilesUntyped(expression) ? Optional.of("compilation failed: " + e.getMessage())
          : Optional.empty();
    }
    if (!ast.getResultType().equals(resultType)) {
      return Optional.of("cel expression must evaluate to a " + resultType.name() + ", not "
          + ast.getResultType().name());
    }
    return Optional.empty();
  }

  private static boolean compilesUntyped(String expression) {
    try {
      UNTYPED.compile(expression).getAst();
      return true;
    } catch (CelValidationException e) {
      return false;
    }
  }

  private static CelBuilder builder() {
    return CelFactory.standardCelBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addCompilerLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(OPTIONS))
        .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(OPTIONS));
  }

  private static Object compile(String expression) {
    try {
      return CEL.compile(expression).getAst();
    } catch (CelValidationException e) {
      return e.getMessage();
    }
  }
}
