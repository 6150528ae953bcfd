package app;

/** Hello world: what the agent's start-up cost is measured on. */
public final class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
