package dev.scoring.ml.trees;

import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Provenance;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/** What both tree providers share: options, binding and provenance. */
final class Providers {

  static final Set<String> OPTIONS = Set.of("features", "classes", "version", "max_bytes");

  private Providers() {}

  static Scorer create(ScorerSpec spec, String type, BiFunction<byte[], String, TreeModel> reader) {
    spec.requireKnownOptions(OPTIONS);
    int maxMb = spec.intOption("max_bytes", 0);
    byte[] bytes = maxMb > 0 ? spec.source().read(maxMb) : spec.source().read();
    TreeModel model = reader.apply(bytes, spec.source().name());
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
    Provenance p = new Provenance(spec.id(), type, spec.option("version", model.version), ModelSource.digest(bytes));
    return new EnsembleScorer(e, p, classes);
  }

  private static String[] split(String s) {
    String[] parts = s.split(",");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].trim();
    }
    return parts;
  }
}
