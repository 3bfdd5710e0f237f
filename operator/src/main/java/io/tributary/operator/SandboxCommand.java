package io.tributary.operator;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Placeholder of the {@code sandbox} sub-command (DESIGN §7); the sandbox work replaces this class
 * with one that delegates to {@code io.tributary.operator.sandbox}.
 */
@Command(name = "sandbox", description = "Run the whole system on this machine (not yet available).")
final class SandboxCommand implements Callable<Integer> {
  @Unmatched List<String> ignored;

  @Override
  public Integer call() {
    System.err.println("tributary-operator sandbox: not yet available");
    return 2;
  }
}
