package io.tributary.runtime.etl;

/** Reads the records of one run. */
interface Extractor extends AutoCloseable {
  /**
   * @throws EtlFailure with a message naming the source when the records cannot be read
   */
  Extraction extract() throws Exception;

  @Override
  default void close() {}
}
