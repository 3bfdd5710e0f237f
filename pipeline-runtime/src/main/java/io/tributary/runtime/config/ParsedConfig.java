package io.tributary.runtime.config;

import java.util.List;

/**
 * The outcome of reading a configuration: the configuration when it is valid, else the problems.
 *
 * @param config null unless {@code problems} is empty
 * @param problems every problem found, in document order
 */
public record ParsedConfig(RuntimeConfig config, List<ConfigProblem> problems) {
  public ParsedConfig {
    problems = List.copyOf(problems);
  }

  static ParsedConfig invalid(List<ConfigProblem> problems) {
    return new ParsedConfig(null, problems);
  }

  public boolean isValid() {
    return problems.isEmpty();
  }

  /** The configuration, or an {@link InvalidConfigException} listing every problem. */
  public RuntimeConfig orThrow() {
    if (!isValid()) {
      throw new InvalidConfigException(problems);
    }
    return config;
  }
}
