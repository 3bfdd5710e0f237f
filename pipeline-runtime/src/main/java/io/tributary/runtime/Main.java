package io.tributary.runtime;

/** Entry point of the shared runtime: {@code java -jar pipeline-runtime.jar producer|worker|etl|validate}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.err.println("usage: pipeline-runtime producer|worker|etl|validate <config.json>");
    System.exit(2);
  }
}
