package io.tributary.api.schema;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles and evaluates {@code x-kubernetes-validations} rules with the CEL reference
 * implementation for Java. {@code self} is bound dynamically to the value of the schema node
 * (objects as maps, arrays as lists, integers as {@code long}, numbers as {@code double}), as the
 * API server does. Compiled rules are cached because the same CRD is validated many times.
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

  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setOptions(OPTIONS)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addCompilerLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(OPTIONS))
      .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(OPTIONS))
      .addVar("self", SimpleType.DYN)
      .build();

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

  private static Object compile(String expression) {
    try {
      return CEL.compile(expression).getAst();
    } catch (CelValidationException e) {
      return e.getMessage();
    }
  }
}
