package dev.scoring.examples.cli;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Action;
import dev.scoring.decision.Combiner;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.review.AuditSink;
import dev.scoring.review.ReviewQueue;
import dev.scoring.rules.HitPolicy;
import dev.scoring.rules.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A decision pipeline described in a small text file: one directive per line, {@code #} starts a
 * comment, paths are relative to the file, words with spaces go in double quotes.
 *
 * <pre>
 * rules      routing.rules                 # a rule stage (rule file, or a .csv decision table); in order
 * scorer     conversion.json  type=xgboost id=conversion option.calibration=none
 * baseline   scorecard.rules               # scores when a scorer fails (a rule file, or any model: type=...)
 * combiner   first                         # first | points | weighted 0.7 0.3
 * band       0.0  0.2  negative disqualify
 * band       0.2  0.5  review   sdr-review  "uncertain score"
 * band       0.5  0.8  route    inside-sales
 * band       0.8  1.0  auto     fast-track
 * review-queue     sales-ops-review        # where forced reviews and fallbacks go
 * time-budget      50ms                    # per scorer and record
 * explain-reviews  3                       # top factors added to reviews' reasons
 * </pre>
 * High-impact constraints ("deal over 100k always goes to review") are governance rules in a rule
 * file: {@code deal_size: review "deal over 100k" when amount > 100000}.
 */
final class PipelineFile {

  private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");

  private PipelineFile() {}

  /** The pipeline for rows of {@code schema}. */
  static DecisionPipeline load(Path file, FeatureSchema schema, ScorerRegistry registry, ReviewQueue queue, AuditSink audit) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new CliException("cannot read pipeline file " + file + ": " + e.getMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    DecisionPipeline.Builder pipeline = DecisionPipeline.builder(schema).reviewQueue(queue).audit(audit);
    GuardrailPolicy.Builder policy = GuardrailPolicy.builder();
    RuleSet.Loader rules = RuleSet.loader(schema).listDirectory(dir);
    boolean bands = false;
    int scorers = 0;
    for (int n = 0; n < lines.size(); n++) {
      List<String> w = words(lines.get(n));
      if (w.isEmpty()) {
        continue;
      }
      String where = file + " line " + (n + 1) + ": ";
      try {
        switch (w.get(0)) {
          case "rules" -> {
            need(w, 2, 2, "rules FILE");
            pipeline.rules(ruleSet(rules, dir.resolve(w.get(1))));
          }
          case "scorer" -> {
            need(w, 2, Integer.MAX_VALUE, "scorer FILE [type=T] [id=ID] [option.KEY=VALUE ...]");
            pipeline.scorer(scorer(registry, rules, schema, dir.resolve(w.get(1)), w.subList(2, w.size()), "scorer-" + (++scorers)));
          }
          case "baseline" -> {
            need(w, 2, Integer.MAX_VALUE, "baseline FILE [type=T] [id=ID] [option.KEY=VALUE ...]");
            pipeline.baseline(scorer(registry, rules, schema, dir.resolve(w.get(1)), w.subList(2, w.size()), "baseline"));
          }
          case "combiner" -> pipeline.combiner(combiner(w));
          case "band" -> {
            need(w, 5, 6, "band FROM TO auto|negative|route|review NAME [REASON]");
            policy.band(number(w.get(1)), number(w.get(2)), action(w.subList(3, w.size())));
            bands = true;
          }
          case "review-queue" -> {
            need(w, 2, 2, "review-queue NAME");
            policy.reviewQueue(w.get(1));
          }
          case "time-budget" -> {
            need(w, 2, 2, "time-budget DURATION (e.g. 50ms, 2s)");
            pipeline.timeBudget(duration(w.get(1)));
          }
          case "explain-reviews" -> {
            need(w, 2, 2, "explain-reviews K");
            pipeline.explainReviews((int) number(w.get(1)));
          }
          default -> throw new CliException("unknown directive '" + w.get(0)
              + "'; expected rules, scorer, baseline, combiner, band, review-queue, time-budget or explain-reviews");
        }
      } catch (CliException | IllegalArgumentException | IllegalStateException e) {
        throw new CliException(where + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new CliException(where + ScoringCli.message(e), e);
      }
    }
    if (!bands) {
      throw new CliException(file + ": a pipeline needs at least one 'band' line");
    }
    try {
      return pipeline.policy(policy.build()).build();
    } catch (IllegalStateException e) {
      throw new CliException(file + ": " + e.getMessage(), e);
    }
  }

  private static RuleSet ruleSet(RuleSet.Loader rules, Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv") ? rules.loadTable(path, HitPolicy.FIRST) : rules.load(path);
  }

  private static Scorer scorer(ScorerRegistry registry, RuleSet.Loader rules, FeatureSchema schema, Path model,
      List<String> settings, String defaultId) {
    Map<String, String> options = new LinkedHashMap<>();
    String type = null;
    String id = defaultId;
    for (String s : settings) {
      int eq = s.indexOf('=');
      if (eq < 1) {
        throw new CliException("expected KEY=VALUE, got '" + s + "'");
      }
      String key = s.substring(0, eq);
      String value = s.substring(eq + 1);
      if (key.equals("type")) {
        type = value;
      } else if (key.equals("id")) {
        id = value;
      } else if (key.startsWith("option.")) {
        options.put(key.substring("option.".length()), value);
      } else {
        throw new CliException("unknown setting '" + key + "'; expected type=, id= or option.KEY=");
      }
    }
    String t = type != null ? type : ModelTypes.infer(model);
    if (t.equals("rules") && options.isEmpty()) {
      return ruleSet(rules, model).toScorer(id);
    }
    return registry.load(ScorerSpec.builder(t).id(id).source(ModelSource.path(model)).schema(schema).options(options).build());
  }

  private static Combiner combiner(List<String> w) {
    need(w, 2, Integer.MAX_VALUE, "combiner first|points|weighted W1 W2 ...");
    return switch (w.get(1)) {
      case "first" -> Combiner.first();
      case "points" -> Combiner.points();
      case "weighted" -> {
        double[] weights = new double[w.size() - 2];
        for (int i = 0; i < weights.length; i++) {
          weights[i] = number(w.get(i + 2));
        }
        yield Combiner.weighted(weights);
      }
      default -> throw new CliException("unknown combiner '" + w.get(1) + "'; expected first, points or weighted");
    };
  }

  private static Action action(List<String> w) {
    String kind = w.get(0);
    String name = w.get(1);
    return switch (kind) {
      case "auto" -> Action.auto(name);
      case "negative" -> Action.negative(name);
      case "route" -> Action.route(name);
      case "review" -> Action.review(name, w.size() > 2 ? w.get(2) : "score in the review band");
      default -> throw new CliException("unknown action '" + kind + "'; expected auto, negative, route or review");
    };
  }

  private static Duration duration(String text) {
    Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|us)").matcher(text);
    if (!m.matches()) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw new CliException("'" + text + "' is not a duration (e.g. 50ms, 2s, 500us)");
      }
    }
    double v = Double.parseDouble(m.group(1));
    long nanos = (long) (v * switch (m.group(2)) {
      case "s" -> 1e9;
      case "ms" -> 1e6;
      default -> 1e3;
    });
    return Duration.ofNanos(nanos);
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new CliException("'" + text + "' is not a number");
    }
  }

  private static void need(List<String> w, int min, int max, String usage) {
    if (w.size() < min || w.size() > max) {
      throw new CliException("expected '" + usage + "'");
    }
  }

  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(line);
    while (m.find()) {
      if (m.group(2) != null && m.group(2).startsWith("#")) {
        break;
      }
      words.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return words;
  }
}
