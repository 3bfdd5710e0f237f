package io.tributary.operator.autoscale;

/**
 * Observes the backlog of a {@link LagTarget}. Implementations keep their clients open between
 * calls (one per cluster) and release them on {@link #close()}.
 */
public interface LagSource extends AutoCloseable {

  /**
   * One observation now.
   *
   * @throws LagObservationException when the backing service cannot be reached or answers
   *     nonsense; the message says which and why
   */
  LagObservation observe(LagTarget target) throws LagObservationException;

  @Override
  default void close() {}
}
