package io.tributary.operator;

import io.javaoperatorsdk.operator.Operator;
import io.tributary.operator.reconciler.OperatorServices;

/**
 * A part of the operator that registers more controllers or background loops on the same
 * {@link Operator} and {@link OperatorServices} (the lag autoscaler of DESIGN §4 plugs in here).
 */
public interface OperatorExtension extends AutoCloseable {
  /** Called once, before the operator starts. */
  void register(Operator operator, OperatorServices services);

  /** Called after the operator started. */
  default void started() {}

  @Override
  default void close() {}
}
