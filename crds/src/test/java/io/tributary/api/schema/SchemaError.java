package io.tributary.api.schema;

/**
 * One reason the API server would refuse an object.
 *
 * @param path    JSON path of the offending value in the Kubernetes style, e.g.
 *                {@code spec.processors[0].cacheLatest.key}
 * @param message what is wrong, in the API server's words where practical
 */
public record SchemaError(String path, String message) {

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
