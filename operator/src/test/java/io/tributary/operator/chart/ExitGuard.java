package io.tributary.operator.chart;

import java.security.Permission;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refuses {@code System.exit} while open. JOSDK's leader election exits the JVM when the
 * operator stops leading, also when it is stopped on purpose (its {@code exitOnStopLeading}
 * defaults to true), which would end the test JVM when the test stops the operator. Uses the
 * (deprecated, still working on Java 17) SecurityManager; every other permission is granted.
 */
@SuppressWarnings("removal")
final class ExitGuard implements AutoCloseable {
  private final SecurityManager previous = System.getSecurityManager();
  private final AtomicInteger refusedExits = new AtomicInteger();

  ExitGuard() {
    System.setSecurityManager(new SecurityManager() {
      @Override
      public void checkExit(int status) {
        refusedExits.incrementAndGet();
        throw new SecurityException("System.exit(" + status + ") refused during the test");
      }

      @Override
      public void checkPermission(Permission permission) {}

      @Override
      public void checkPermission(Permission permission, Object context) {}
    });
  }

  /** How many times something tried to end the JVM. */
  int refusedExits() {
    return refusedExits.get();
  }

  @Override
  public void close() {
    System.setSecurityManager(previous);
  }
}
