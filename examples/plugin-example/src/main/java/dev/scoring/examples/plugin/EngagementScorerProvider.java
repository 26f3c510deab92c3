package dev.scoring.examples.plugin;

import dev.scoring.api.FeatureType;
import dev.scoring.api.ModelException;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.ScorerProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

// snippet:plugin
/**
 * Provides scorers of type {@code engagement}: a logistic score over engagement signals, with
 * weights given as options, e.g. {@code weights = "email_opens:0.3, web_visits:0.2, demo_requested:1.5"}
 * and {@code intercept = "-2"}. Registered in {@code META-INF/services/dev.scoring.api.ScorerProvider}.
 */
public final class EngagementScorerProvider implements ScorerProvider {

  @Override
  public String type() {
    return "engagement";
  }

  @Override
  public Scorer create(ScorerSpec spec) {
    spec.requireKnownOptions(Set.of("weights", "intercept", "version"));
    Map<String, Double> weights = new LinkedHashMap<>();
    for (String pair : spec.option("weights", "").split(",")) {
      String[] kv = pair.trim().split(":");
      if (kv.length != 2) {
        throw new ModelException("scorer '" + spec.id() + "': weights must be 'feature:weight, ...', got '" + pair + "'");
      }
      weights.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
    }
    int[] index = new int[weights.size()];
    double[] weight = new double[weights.size()];
    int i = 0;
    for (Map.Entry<String, Double> w : weights.entrySet()) {
      FeatureType type = spec.schema().feature(w.getKey()).type(); // binds by name, once
      if (type != FeatureType.NUMBER && type != FeatureType.BOOLEAN) {
        throw new ModelException("scorer '" + spec.id() + "': feature '" + w.getKey() + "' is " + type + ", not a number or boolean");
      }
      index[i] = spec.schema().feature(w.getKey()).index();
      weight[i++] = w.getValue();
    }
    return new EngagementScorer(spec, index, weight, spec.doubleOption("intercept", 0.0));
  }
}
// end:plugin
