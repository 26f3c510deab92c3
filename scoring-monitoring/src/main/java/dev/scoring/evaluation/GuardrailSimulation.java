package dev.scoring.evaluation;

import dev.scoring.api.Features;
import dev.scoring.api.Action;
import dev.scoring.decision.GuardrailPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link GuardrailPolicy} would do with labelled, scored rows: how many decisions would be
 * automatic and how many would go to review, and how precise the automatic ones would be. It
 * applies the policy as {@link dev.scoring.decision.DecisionPipeline} does after scoring: the
 * band's action, a review for a score in no band or in a review band, a review for a negative
 * action, and (when rows are given) a review for a high-impact record. Rule stages and scorer
 * failures are not simulated.
 *
 * <pre>{@code
 * SimulationResult r = GuardrailSimulation.run(policy, scores, labels);
 * r.reviewRate(); r.automaticPrecision();
 * // widen the review band [0.5 - h, 0.5 + h) and watch the trade-off
 * List<GuardrailSimulation.SweepPoint> sweep = GuardrailSimulation.sweep(
 *     new double[] {0.05, 0.1, 0.2}, h -> policyWithReviewBand(0.5 - h, 0.5 + h), scores, labels);
 * }</pre>
 */
public final class GuardrailSimulation {

  private GuardrailSimulation() {}

  /**
   * One point of a sweep.
   *
   * @param parameter the value the policy was built from
   * @param result the simulation with that policy
   */
  public record SweepPoint(double parameter, SimulationResult result) {}

  /**
   * Simulates {@code policy}, counting every automatic action as a positive prediction.
   *
   * @throws IllegalArgumentException for bad input (see {@link BinaryMetrics#of(double[], int[])})
   */
  public static SimulationResult run(GuardrailPolicy policy, double[] scores, int[] labels) {
    return run(policy, scores, labels, null, a -> true);
  }

  /**
   * Simulates {@code policy}.
   *
   * @param rows the records, parallel to the scores, for the high-impact predicates; {@code null} to skip them
   * @param positiveAction which automatic actions predict a positive label (for the automatic precision)
   * @throws IllegalArgumentException for bad input, or rows of another length
   */
  public static SimulationResult run(
      GuardrailPolicy policy,
      double[] scores,
      int[] labels,
      @Nullable List<? extends Features> rows,
      Predicate<Action> positiveAction) {
    return run(policy, scores, labels, rows, positiveAction, null);
  }

  /**
   * Simulates {@code policy} on weighted rows: the counts stay rows, the review rate, the
   * automatic precision and accuracy are by weight; {@code weights} (finite, not negative) may be
   * {@code null} for equal weights. Integer weights give the same rates as repeating each row.
   *
   * @throws IllegalArgumentException as {@link #run(GuardrailPolicy, double[], int[], List, Predicate)},
   *     for a bad weight, or if every weight is zero
   */
  public static SimulationResult run(
      GuardrailPolicy policy,
      double[] scores,
      int[] labels,
      @Nullable List<? extends Features> rows,
      Predicate<Action> positiveAction,
      double @Nullable [] weights) {
    Binary.check(scores, labels, weights);
    double total = Binary.totalWeight(weights, scores.length);
    if (rows != null && rows.size() != scores.length) {
      throw new IllegalArgumentException("rows and scores differ in length: " + rows.size() + " rows, " + scores.length + " scores");
    }
    Map<String, long[]> byAction = new LinkedHashMap<>();
    Map<String, Boolean> automaticByAction = new LinkedHashMap<>();
    long automatic = 0;
    double automaticWeight = 0;
    double predictedPositive = 0;
    double truePositive = 0;
    double agree = 0;
    for (int i = 0; i < scores.length; i++) {
      double w = weights == null ? 1 : weights[i];
      GuardrailPolicy.Band band = policy.bandFor(scores[i]);
      String key;
      boolean auto = false;
      Action action = null;
      if (band == null) {
        key = "review: score in no band";
      } else if (band.action() instanceof Action.Review r) {
        key = "review: " + r.reason();
      } else if (band.action() instanceof Action.Auto a && a.negative()) {
        key = "review: negative action '" + a.name() + "'";
      } else if (rows != null && highImpact(policy, rows.get(i))) {
        key = "review: high impact";
      } else {
        action = band.action();
        key = action.describe();
        auto = true;
      }
      long[] c = byAction.computeIfAbsent(key, k -> new long[2]);
      c[0]++;
      c[1] += labels[i];
      automaticByAction.put(key, auto);
      if (auto) {
        automatic++;
        automaticWeight += w;
        boolean positive = positiveAction.test(action);
        if (positive) {
          predictedPositive += w;
          truePositive += w * labels[i];
        }
        if ((positive ? 1 : 0) == labels[i]) {
          agree += w;
        }
      }
    }
    List<SimulationResult.ActionCount> actions = new ArrayList<>();
    for (Map.Entry<String, long[]> e : byAction.entrySet()) {
      actions.add(new SimulationResult.ActionCount(e.getKey(), java.util.Objects.requireNonNull(automaticByAction.get(e.getKey())), e.getValue()[0], e.getValue()[1]));
    }
    int n = scores.length;
    return new SimulationResult(n, automatic, n - automatic, (total - automaticWeight) / total,
        predictedPositive == 0 ? Double.NaN : truePositive / predictedPositive,
        automaticWeight == 0 ? Double.NaN : agree / automaticWeight, actions);
  }

  /**
   * Simulates the policy {@code policyFor} builds for each parameter, e.g. the half-width of a
   * review band.
   *
   * @throws IllegalArgumentException for bad input, or no parameters
   */
  public static List<SweepPoint> sweep(
      double[] parameters, DoubleFunction<GuardrailPolicy> policyFor, double[] scores, int[] labels) {
    return sweep(parameters, policyFor, scores, labels, null);
  }

  /**
   * A sweep on weighted rows (see {@link #run(GuardrailPolicy, double[], int[], List, Predicate, double[])}).
   *
   * @throws IllegalArgumentException for bad input or weights, or no parameters
   */
  public static List<SweepPoint> sweep(
      double[] parameters,
      DoubleFunction<GuardrailPolicy> policyFor,
      double[] scores,
      int[] labels,
      double @Nullable [] weights) {
    if (parameters.length == 0) {
      throw new IllegalArgumentException("parameters are empty: need at least one policy to simulate");
    }
    List<SweepPoint> out = new ArrayList<>(parameters.length);
    for (double p : parameters) {
      out.add(new SweepPoint(p, run(policyFor.apply(p), scores, labels, null, a -> true, weights)));
    }
    return out;
  }

  private static boolean highImpact(GuardrailPolicy policy, Features row) {
    for (GuardrailPolicy.HighImpact h : policy.highImpact()) {
      if (h.test().test(row)) {
        return true;
      }
    }
    return false;
  }
}
