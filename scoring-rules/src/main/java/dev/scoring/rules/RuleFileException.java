package dev.scoring.rules;

import dev.scoring.api.ModelException;
import java.util.List;

/**
 * A rule file, rule builder or decision table is unusable: a syntax error (the first one found,
 * with what was expected) or every schema-validation error found (unknown features, type
 * mismatches, unknown lists, duplicate names). Each {@link RuleProblem} names the file, line and
 * column; the message lists them all, one per line.
 *
 * <p>This is the only exception the rule parser throws for bad text.
 */
public final class RuleFileException extends ModelException {

  private static final long serialVersionUID = 1L;

  private final transient List<RuleProblem> problems;

  /** An exception for {@code problems} (at least one). */
  public RuleFileException(List<RuleProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order found (file order for validation errors). */
  public List<RuleProblem> problems() {
    return problems;
  }

  private static String message(List<RuleProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a RuleFileException needs at least one problem");
    }
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    StringBuilder sb = new StringBuilder(problems.size() + " problems in rules:");
    for (RuleProblem p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
