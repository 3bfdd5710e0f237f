package io.tributary.operator.sandbox;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --api mock|real}, case-insensitive; anything else is refused naming the choices. */
final class ApiModeConverter implements ITypeConverter<SandboxOptions.ApiMode> {
  @Override
  public SandboxOptions.ApiMode convert(String value) {
    try {
      return SandboxOptions.ApiMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not an API: use mock or real");
    }
  }
}
