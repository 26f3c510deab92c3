package dev.scoring.ml.trees;

import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Provenance;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Feature;
import dev.scoring.api.FeatureType;
import dev.scoring.api.ModelDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** What both tree providers share: options, binding and provenance. */
final class Providers {

  /** The tree providers' own options; the common ones ({@link ScorerSpec#COMMON_OPTIONS}) come on top. */
  static final Set<String> OPTIONS = Set.of("features", "classes", "iterations");

  private Providers() {}

  static Scorer create(ScorerSpec spec, String type, BiFunction<byte[], String, TreeModel> reader) {
    spec.requireKnownOptions(OPTIONS);
    spec.missing("model", "nan");
    byte[] bytes = spec.readSource();
    TreeModel model = reader.apply(bytes, spec.source().name());
    int iterations = spec.intOption("iterations", 0);
    if (iterations < 0) {
      throw new ModelException("scorer '" + spec.id() + "': option 'iterations' must not be negative, got " + iterations);
    }
    if (iterations > 0 && model.linearWeights == null) {
      int per = model.treesPerIteration > 0 ? model.treesPerIteration : model.numGroups;
      long keep = Math.min(model.trees.size(), (long) iterations * per);
      model.trees.subList((int) keep, model.trees.size()).clear();
      if (model.averageOutput) {
        model.iterations = Math.min(model.iterations, iterations);
      }
    }
    String[] names = model.featureNames;
    String given = spec.option("features", "");
    if (!given.isBlank()) {
      names = split(given);
      if (names.length != model.numFeatures) {
        throw new ModelException("scorer '" + spec.id() + "': option 'features' names " + names.length
            + " features but the model has " + model.numFeatures);
      }
    }
    Ensemble e = Ensemble.compile(model, spec.schema(), names);
    List<String> classes = new ArrayList<>();
    if (model.numGroups > 1) {
      String c = spec.option("classes", "");
      if (!c.isBlank()) {
        classes = List.of(split(c));
        if (classes.size() != model.numGroups) {
          throw new ModelException("scorer '" + spec.id() + "': option 'classes' names " + classes.size()
              + " classes but the model has " + model.numGroups);
        }
      } else {
        for (int i = 0; i < model.numGroups; i++) {
          classes.add(Integer.toString(i));
        }
      }
    }
    Provenance p = new Provenance(spec.id(), type, spec.version(model.version), ModelSource.digest(bytes));
    return new EnsembleScorer(e, p, classes);
  }

  /** What the model declares: its features (category features where it has category names) and facts. */
  static Optional<ModelDescription> describe(ScorerSpec spec, String type, BiFunction<byte[], String, TreeModel> reader) {
    spec.requireKnownOptions(OPTIONS);
    byte[] bytes = spec.readSource();
    TreeModel m = reader.apply(bytes, spec.source().name());
    String given = spec.option("features", "");
    String[] names = given.isBlank() ? m.featureNames : split(given);
    List<Feature> features = new ArrayList<>();
    for (int i = 0; i < m.numFeatures && i < names.length; i++) {
      boolean named = m.categories != null && m.categories[i] != null;
      boolean indicator = m.indicators != null && m.indicators[i];
      try {
        features.add(new Feature(names[i], named ? FeatureType.CATEGORY : indicator ? FeatureType.BOOLEAN : FeatureType.NUMBER, i));
      } catch (IllegalArgumentException e) {
        throw new ModelException(spec.source().name() + ": model feature " + i + " '" + names[i]
            + "' is not a valid feature name; set the 'features' option", e);
      }
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("objective", m.objective);
    details.put("booster", m.booster);
    details.put("trees", Integer.toString(m.trees.size()));
    int depth = 0;
    int leaves = 0;
    for (RawTree t : m.trees) {
      depth = Math.max(depth, depth(t));
      for (int n = 0; n < t.size; n++) {
        leaves += t.left[n] < 0 ? 1 : 0;
      }
    }
    details.put("max depth", Integer.toString(depth));
    details.put("leaves", Integer.toString(leaves));
    details.put("outputs", Integer.toString(m.numGroups));
    details.put("version", m.version);
    details.put("digest", ModelSource.digest(bytes));
    return Optional.of(new ModelDescription(type, m.container, features, details));
  }

  /** The number of splits on the longest root-to-leaf path (a lone leaf has depth 0); the tree was checked acyclic. */
  private static int depth(RawTree t) {
    if (t.size == 0) {
      return 0;
    }
    int[] stack = new int[t.size];
    int[] level = new int[t.size];
    int top = 0;
    int max = 0;
    stack[top] = 0;
    level[top++] = 0;
    while (top > 0) {
      int node = stack[--top];
      int d = level[top];
      if (t.left[node] < 0) {
        max = Math.max(max, d);
      } else if (top + 2 <= t.size) {
        stack[top] = t.left[node];
        level[top++] = d + 1;
        stack[top] = t.right[node];
        level[top++] = d + 1;
      }
    }
    return max;
  }

  private static String[] split(String s) {
    String[] parts = s.split(",");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].trim();
    }
    return parts;
  }
}
