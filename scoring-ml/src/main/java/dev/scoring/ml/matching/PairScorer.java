package dev.scoring.ml.matching;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Scorer} over pairs: each row holds both records, field {@code f} of the left one in
 * feature {@code left.f} and of the right one in {@code right.f} (CATEGORY or TEXT; missing is
 * missing). The score is the match probability, its margin the log-odds, and the explanation the
 * per-field weight table. Immutable and thread-safe.
 */
public final class PairScorer implements Scorer {

  private final Matcher matcher;
  private final FeatureSchema schema;
  private final Provenance provenance;
  private final int[] left;
  private final int[] right;
  private final List<String> sources;

  /**
   * Binds a matcher to a schema.
   *
   * @throws dev.scoring.api.ModelException if a {@code left.f} or {@code right.f} feature is absent or not a string type
   */
  public PairScorer(Matcher matcher, FeatureSchema schema, Provenance provenance) {
    this.matcher = matcher;
    this.schema = schema;
    this.provenance = provenance;
    this.sources = sources(matcher.model().fields());
    this.left = new int[sources.size()];
    this.right = new int[sources.size()];
    for (int f = 0; f < sources.size(); f++) {
      left[f] = bind(schema, "left." + sources.get(f));
      right[f] = bind(schema, "right." + sources.get(f));
    }
  }

  /** The record values the fields read, each once, in field order (a cross field reads two). */
  private static List<String> sources(List<MatchField> fields) {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (MatchField f : fields) {
      out.add(f.source());
      out.add(f.otherSource());
    }
    return List.copyOf(out);
  }

  private static int bind(FeatureSchema schema, String name) {
    var feature = schema.feature(name);
    if (!feature.type().isString()) {
      throw new dev.scoring.api.ModelException("feature '" + name + "' must be CATEGORY or TEXT for the matcher, it is " + feature.type());
    }
    return feature.index();
  }

  /**
   * The schema a matcher's pair rows need: {@code left.f} and {@code right.f} as TEXT for every
   * record value {@code f} the fields read (both values of a cross-field comparison).
   */
  public static FeatureSchema pairSchema(List<MatchField> fields) {
    FeatureSchema.Builder b = FeatureSchema.builder();
    List<String> sources = sources(fields);
    for (String f : sources) {
      b.text("left." + f);
    }
    for (String f : sources) {
      b.text("right." + f);
    }
    return b.build();
  }

  /** The matcher. */
  public Matcher matcher() {
    return matcher;
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return schema;
  }

  private Prepared side(Features row, int[] indices, String id) {
    Map<String, String> values = new HashMap<>();
    for (int f = 0; f < indices.length; f++) {
      String v = row.string(indices[f]);
      if (v != null) {
        values.put(sources.get(f), v);
      }
    }
    return matcher.prepare(new MatchRecord(id, values));
  }

  @Override
  public Score score(Features row) {
    row.requireSchema(schema);
    double margin = matcher.margin(side(row, left, "left"), side(row, right, "right"));
    return Score.probability(Matcher.sigmoid(margin), margin, provenance);
  }

  @Override
  public double scoreValue(Features row) {
    row.requireSchema(schema);
    return Matcher.sigmoid(matcher.margin(side(row, left, "left"), side(row, right, "right")));
  }

  @Override
  public Explanation explain(Features row) {
    row.requireSchema(schema);
    MatchResult r = matcher.compare(side(row, left, "left"), side(row, right, "right"));
    Explanation e = r.explanation();
    return new Explanation(provenance.scorerId(), e.bias(), e.contributions(), List.of());
  }

}
