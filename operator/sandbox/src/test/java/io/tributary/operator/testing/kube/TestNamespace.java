package io.tributary.operator.testing.kube;

/** The namespace a test on the real control plane owns; deleted (without waiting) after the test. */
public record TestNamespace(String name) {
  @Override
  public String toString() {
    return name;
  }
}
