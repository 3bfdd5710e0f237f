package io.tributary.api.schema;

import java.util.List;

/**
 * A CRD the API server would refuse to create, so no object of it can be validated: for example a
 * CEL rule that names a field without a schema type. The message lists every reason with the
 * server's path into the CRD.
 */
public final class InvalidCrdException extends IllegalArgumentException {

  private final transient List<SchemaError> errors;

  InvalidCrdException(String crd, List<SchemaError> errors) {
    super("the API server would refuse the CustomResourceDefinition " + crd + ":\n"
        + CrdSchemaValidator.format(errors));
    this.errors = List.copyOf(errors);
  }

  /** Why, one error per rule, with paths like {@code spec.validation.openAPIV3Schema....rule}. */
  public List<SchemaError> errors() {
    return errors;
  }
}
