package io.tributary.operator;

/** Entry point of the operator jar: {@code run} (in a cluster) or {@code sandbox}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.err.println("usage: tributary-operator run|sandbox");
    System.exit(2);
  }
}
