package dev.scoring.ml.matching;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two records with a {@link MatchModel}: normalises each field by its type, computes the
 * similarities, cuts them into levels, sums the level weights into a margin and gives the match
 * probability with a per-field explanation. Token weights (IDF) per text-like field come from the
 * table being matched ({@link #withTokenWeights(Collection)}), so rare name words count more than
 * "systems" or "group". Immutable and thread-safe.
 *
 * <pre>{@code
 * Matcher matcher = Matcher.of(model).withTokenWeights(accounts);
 * MatchResult r = matcher.compare(MatchRecord.of("lead", "company", "Acme Incorporated"),
 *                                 MatchRecord.of("a-17", "company", "ACME Inc."));
 * r.probability(); r.reasons(3);
 * }</pre>
 */
public final class Matcher {

  private final MatchModel model;
  private final FieldComparison[] comparisons;
  private final boolean slopes;
  private final boolean cross;
  private final String id;

  private Matcher(MatchModel model, Map<String, TokenWeights> weights, String id) {
    this.model = model;
    this.id = id;
    List<MatchField> fields = model.fields();
    this.comparisons = new FieldComparison[fields.size()];
    for (int f = 0; f < fields.size(); f++) {
      MatchField field = fields.get(f);
      comparisons[f] = new FieldComparison(field, weights.getOrDefault(field.name(), TokenWeights.uniform()));
    }
    this.slopes = model.usesSlopes();
    this.cross = fields.stream().anyMatch(MatchField::isCross);
  }

  /**
   * An untrained matcher over {@code fields}: every weight 0, so every probability is 0.5. For
   * training ({@link FellegiSunter}, {@link LogisticMatchTrainer}) and comparing, not for deciding.
   */
  public static Matcher untrained(List<MatchField> fields) {
    double[][] w = new double[fields.size()][];
    for (int f = 0; f < fields.size(); f++) {
      w[f] = new double[fields.get(f).levels()];
    }
    return of(MatchModel.logistic(fields, 0.0, w, new double[fields.size()][MatchModel.FEATURES]));
  }

  /**
   * Trains a matcher on a table without labels: token weights fitted on the table, candidate pairs
   * by {@link Blocking#forFields(List)}, u from 20,000 random pairs (fewer for small tables), m by EM.
   */
  public static FellegiSunter.Estimate trainUnsupervised(List<MatchField> fields, List<MatchRecord> table, long seed) {
    Matcher m = untrained(fields).withTokenWeights(table);
    CandidatePairs candidates = Blocking.forFields(fields).pairs(table);
    long all = (long) table.size() * (table.size() - 1) / 2;
    int random = (int) Math.min(20_000, Math.max(1, all));
    return FellegiSunter.unsupervised(m, table, candidates, random, seed);
  }

  /** A matcher with uniform token weights (every token counts the same) and id {@code matcher}. */
  public static Matcher of(MatchModel model) {
    return new Matcher(model, Map.of(), "matcher");
  }

  /** This matcher with token weights fitted on {@code table} (one IDF table per text-like field). */
  public Matcher withTokenWeights(Collection<MatchRecord> table) {
    return new Matcher(model, fitWeights(model.fields(), table), id);
  }

  /** This matcher with the given token weights per field name. */
  public Matcher withTokenWeights(Map<String, TokenWeights> weights) {
    return new Matcher(model, Map.copyOf(weights), id);
  }

  /** This matcher with another model over the same token weights. */
  public Matcher withModel(MatchModel other) {
    return new Matcher(other, tokenWeights(), id);
  }

  /** This matcher under another id (shown in explanations). */
  public Matcher withId(String newId) {
    return new Matcher(model, tokenWeights(), Objects.requireNonNull(newId));
  }

  /** IDF tables per text-like field, fitted on the raw values of {@code table}. */
  public static Map<String, TokenWeights> fitWeights(List<MatchField> fields, Collection<MatchRecord> table) {
    Map<String, TokenWeights> out = new HashMap<>();
    for (MatchField f : fields) {
      if (!FieldComparison.weighted(f.type())) {
        continue;
      }
      List<List<String>> docs = new ArrayList<>(table.size());
      for (MatchRecord r : table) {
        for (String source : f.isCross() ? List.of(f.source(), f.otherSource()) : List.of(f.source())) {
          String v = r.value(source);
          if (v != null && !v.isBlank()) {
            docs.add(FieldComparison.tokensFor(f.type(), v));
          }
        }
      }
      out.put(f.name(), TokenWeights.fit(docs));
    }
    return out;
  }

  /**
   * The matcher as JSON (format {@code dev.scoring.matcher}, version 1): fields, levels, weights
   * (and m/u for Fellegi-Sunter) and the token weights, for provider type {@code matcher}.
   */
  public byte[] toJson(String modelVersion) {
    return MatcherJson.write(this, modelVersion);
  }

  /**
   * Reads a matcher written by {@link #toJson(String)}.
   *
   * @throws dev.scoring.api.ModelException naming {@code source} and what is wrong
   */
  public static Matcher read(byte[] json, String source) {
    return MatcherJson.read(json, source).matcher();
  }

  /** The model. */
  public MatchModel model() {
    return model;
  }

  /** The id shown in explanations. */
  public String id() {
    return id;
  }

  /** The token weights per field name. */
  public Map<String, TokenWeights> tokenWeights() {
    Map<String, TokenWeights> out = new HashMap<>();
    for (FieldComparison c : comparisons) {
      out.put(c.field.name(), c.weights);
    }
    return out;
  }

  /** Normalises a record once, for many comparisons. */
  Prepared prepare(MatchRecord record) {
    Value[] values = new Value[comparisons.length];
    Value[] others = cross ? new Value[comparisons.length] : values;
    for (int f = 0; f < comparisons.length; f++) {
      MatchField field = comparisons[f].field;
      values[f] = comparisons[f].prepare(record.value(field.source()));
      if (cross) {
        others[f] = field.isCross() ? comparisons[f].prepare(record.value(field.otherSource())) : values[f];
      }
    }
    return new Prepared(record, values, others);
  }

  /** The {@link #value}s of a cross field are taken the other way round (b's source against a's other source). */
  private boolean reversed(int f, Prepared a, Prepared b) {
    if (!comparisons[f].field.isCross()) {
      return false;
    }
    double forward = comparisons[f].similarity(a.values[f], b.others[f]);
    double backward = comparisons[f].similarity(a.others[f], b.values[f]);
    return Double.isNaN(forward) ? !Double.isNaN(backward) : backward > forward;
  }

  /** The value of side {@code a} (first) or {@code b} that field {@code f} compares, in the orientation {@code reversed}. */
  private static Value value(int f, Prepared p, boolean first, boolean reversed, boolean cross) {
    if (!cross) {
      return p.values[f];
    }
    return first != reversed ? p.values[f] : p.others[f];
  }

  /** The match probability of two records. */
  public double probability(MatchRecord a, MatchRecord b) {
    return sigmoid(margin(prepare(a), prepare(b)));
  }

  /** Compares two records: probability, margin and the per-field explanation. */
  public MatchResult compare(MatchRecord a, MatchRecord b) {
    return compare(prepare(a), prepare(b));
  }

  /** The margin (log-odds of a match) of two prepared records: the hot path. */
  double margin(Prepared a, Prepared b) {
    double sum = model.bias();
    if (!slopes) {
      for (int f = 0; f < comparisons.length; f++) {
        sum += model.weight(f, level(f, a, b));
      }
      return sum;
    }
    double[] features = new double[comparisons.length * MatchModel.FEATURES];
    int[] levels = new int[comparisons.length];
    features(a, b, levels, features);
    for (int f = 0; f < comparisons.length; f++) {
      sum += model.contribution(f, levels[f], features);
    }
    return sum;
  }

  /** The level of field {@code f} for two records. */
  int level(int f, Prepared a, Prepared b) {
    if (!comparisons[f].field.isCross()) {
      return level(f, a.values[f], b.values[f]);
    }
    boolean r = reversed(f, a, b);
    return level(f, value(f, a, true, r, true), value(f, b, false, r, true));
  }

  /** The level of field {@code f} for two values. */
  int level(int f, Value a, Value b) {
    double s = comparisons[f].similarity(a, b);
    return Double.isNaN(s) ? comparisons[f].field.missingLevel() : comparisons[f].field.level(s);
  }

  /** Levels of every field into {@code levels}; returns them for EM. */
  void levels(Prepared a, Prepared b, int[] levels) {
    for (int f = 0; f < comparisons.length; f++) {
      levels[f] = level(f, a, b);
    }
  }

  /** Levels and all similarities (primary first, then the extra measures; zeros when missing). */
  void features(Prepared a, Prepared b, int[] levels, double[] features) {
    for (int f = 0; f < comparisons.length; f++) {
      boolean x = comparisons[f].field.isCross();
      boolean r = x && reversed(f, a, b);
      Value va = value(f, a, true, r, x);
      Value vb = value(f, b, false, r, x);
      double s = comparisons[f].similarity(va, vb);
      int base = f * MatchModel.FEATURES;
      if (Double.isNaN(s)) {
        levels[f] = comparisons[f].field.missingLevel();
        java.util.Arrays.fill(features, base, base + MatchModel.FEATURES, 0.0);
      } else {
        levels[f] = comparisons[f].field.level(s);
        features[base] = s;
        comparisons[f].measures(va, vb, features, base + 1);
      }
    }
  }

  /** Compares two prepared records with the full explanation. */
  MatchResult compare(Prepared a, Prepared b) {
    int n = comparisons.length;
    double[] features = new double[n * MatchModel.FEATURES];
    int[] levels = new int[n];
    features(a, b, levels, features);
    List<Contribution> contributions = new ArrayList<>(n);
    double margin = model.bias();
    for (int f = 0; f < n; f++) {
      double c = model.contribution(f, levels[f], features);
      margin += c;
      MatchField field = comparisons[f].field;
      boolean r = field.isCross() && reversed(f, a, b);
      Value va = value(f, a, true, r, field.isCross());
      Value vb = value(f, b, false, r, field.isCross());
      String observed = levels[f] == field.missingLevel()
          ? field.name() + " missing"
          : field.name() + " '" + shorten(va.norm) + "' vs '" + shorten(vb.norm) + "' " + field.levelName(levels[f])
              + (levels[f] == 0 ? "" : " (" + MatchModel.fmt(features[f * MatchModel.FEATURES]) + ")");
      contributions.add(new Contribution(field.name(), c, observed));
    }
    Explanation e = new Explanation(id, model.bias(), contributions, List.of());
    return new MatchResult(a.record.id(), b.record.id(), sigmoid(margin), margin, e);
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  static double sigmoid(double margin) {
    return margin >= 0 ? 1.0 / (1.0 + Math.exp(-margin)) : Math.exp(margin) / (1.0 + Math.exp(margin));
  }

  int fieldCount() {
    return comparisons.length;
  }

  FieldComparison comparison(int f) {
    return comparisons[f];
  }
}
