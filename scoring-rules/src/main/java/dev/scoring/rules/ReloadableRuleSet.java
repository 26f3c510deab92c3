package dev.scoring.rules;

import dev.scoring.api.Features;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.decision.RuleStage;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RuleStage} whose rules can be replaced while a pipeline runs: each evaluation uses the
 * rule set current when it starts, and {@link #swap(RuleSet)} or {@link #reload()} replaces it
 * atomically. A reload that fails (a bad edit of the rule file) leaves the current rules in place
 * and throws, so a pipeline never runs half-loaded rules. Thread-safe.
 *
 * <pre>{@code
 * ReloadableRuleSet rules = ReloadableRuleSet.load(RuleSet.loader(schema), Path.of("routing.rules"));
 * DecisionPipeline pipeline = DecisionPipeline.builder(schema).rules(rules).policy(policy).build();
 * // later, after the file changed:
 * rules.reload();
 * }</pre>
 */
public final class ReloadableRuleSet implements RuleStage {

  private final AtomicReference<RuleSet> current;
  private final @Nullable Supplier<RuleSet> source;

  private ReloadableRuleSet(RuleSet initial, @Nullable Supplier<RuleSet> source) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    this.source = source;
  }

  /** Holds {@code initial}; replace it with {@link #swap(RuleSet)}. */
  public static ReloadableRuleSet of(RuleSet initial) {
    return new ReloadableRuleSet(initial, null);
  }

  /**
   * Holds the rules that {@code source} supplies now, and again on each {@link #reload()}.
   *
   * @throws dev.scoring.api.ModelException if the first load fails
   */
  public static ReloadableRuleSet from(Supplier<RuleSet> source) {
    return new ReloadableRuleSet(source.get(), source);
  }

  /**
   * Loads {@code file} with {@code loader} now and on each {@link #reload()}.
   *
   * @throws dev.scoring.api.ModelException if the first load fails
   */
  public static ReloadableRuleSet load(RuleSet.Loader loader, Path file) {
    return from(() -> loader.load(file));
  }

  /** The rules in use now. */
  public RuleSet current() {
    return Objects.requireNonNull(current.get());
  }

  /**
   * Replaces the rules atomically.
   *
   * @return the rules replaced
   * @throws IllegalArgumentException if {@code next} is bound to another schema
   */
  public RuleSet swap(RuleSet next) {
    RuleSet now = current();
    if (!now.schema().equals(next.schema())) {
      throw new IllegalArgumentException("the new rules are bound to " + next.schema() + ", not " + now.schema());
    }
    return Objects.requireNonNull(current.getAndSet(next));
  }

  /**
   * Loads the rules again from the source and swaps them in; if loading fails the current rules
   * stay and the exception propagates.
   *
   * @return the new rules
   * @throws IllegalStateException if this holder was made with {@link #of(RuleSet)} (no source)
   * @throws dev.scoring.api.ModelException if the rules cannot be loaded
   */
  public RuleSet reload() {
    if (source == null) {
      throw new IllegalStateException("no source to reload from: use swap(RuleSet)");
    }
    RuleSet next = source.get();
    swap(next);
    return next;
  }

  @Override
  public RuleOutcome evaluate(Features row) {
    return current().evaluate(row);
  }
}
