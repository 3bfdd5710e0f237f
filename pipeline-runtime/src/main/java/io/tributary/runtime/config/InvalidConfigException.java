package io.tributary.runtime.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration with problems was about to be used; the message lists them one per line. */
public class InvalidConfigException extends RuntimeException {
  private final List<ConfigProblem> problems;

  public InvalidConfigException(List<ConfigProblem> problems) {
    super("invalid configuration:\n" + problems.stream()
        .map(problem -> "  " + problem).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
