package dev.scoring.api;

/**
 * What a decision does with a record: act automatically, route it to a team, or send it to a
 * person for review.
 *
 * <p>An automatic action may be <em>negative</em> (disqualify, close-lost): the guardrail layer
 * never lets a negative action happen automatically and turns it into a review.
 */
public sealed interface Action {

  /** An automatic, non-negative action such as {@code "fast-track"}. */
  static Auto auto(String name) {
    return new Auto(name, false);
  }

  /** A negative action such as {@code "disqualify"}: proposed by bands or rules, never carried out automatically. */
  static Auto negative(String name) {
    return new Auto(name, true);
  }

  /** Route the record to a team, e.g. {@code "strategic-ae"}. */
  static Route route(String team) {
    return new Route(team);
  }

  /** Send the record to a review queue with a reason. */
  static Review review(String queue, String reason) {
    return new Review(queue, reason);
  }

  /** A short description, e.g. {@code "route strategic-ae"}. */
  String describe();

  /**
   * An automatic action.
   *
   * @param name the action's name
   * @param negative whether it is a negative action (never automatic)
   */
  record Auto(String name, boolean negative) implements Action {
    /** Checks the name. */
    public Auto {
      requireText(name, "action name");
    }

    @Override
    public String describe() {
      return (negative ? "negative " : "auto ") + name;
    }
  }

  /** Routing to a team. @param team the team */
  record Route(String team) implements Action {
    /** Checks the team. */
    public Route {
      requireText(team, "team");
    }

    @Override
    public String describe() {
      return "route " + team;
    }
  }

  /** Review by a person. @param queue the review queue @param reason why */
  record Review(String queue, String reason) implements Action {
    /** Checks the queue and reason. */
    public Review {
      requireText(queue, "queue");
      requireText(reason, "reason");
    }

    @Override
    public String describe() {
      return "review in " + queue + ": " + reason;
    }
  }

  private static void requireText(String value, String what) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
