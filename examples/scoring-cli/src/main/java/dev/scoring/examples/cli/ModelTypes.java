package dev.scoring.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.scoring.api.ScorerRegistry;
import java.util.List;
import java.util.Locale;

/** Infers a model file's provider type from its name and first bytes, where that is unambiguous. */
final class ModelTypes {

  private ModelTypes() {}

  static String infer(Path model) {
    String name = model.getFileName().toString().toLowerCase(Locale.ROOT);
    byte[] head;
    try (InputStream in = Files.newInputStream(model)) {
      head = in.readNBytes(4096);
    } catch (NoSuchFileException e) {
      throw new CliException("model file not found: " + model);
    } catch (IOException e) {
      throw new CliException("cannot read model file " + model + ": " + e.getMessage(), e);
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    if (name.endsWith(".onnx")) {
      return "onnx";
    }
    if (name.endsWith(".ubj")) {
      return "xgboost";
    }
    if (name.endsWith(".rules")) {
      return "rules";
    }
    if (text.startsWith("tree\n") || text.startsWith("tree\r\n") || text.contains("\nversion=v")) {
      return "lightgbm";
    }
    String compact = text.replaceAll("\\s", "");
    if (compact.startsWith("{\"learner\"") || compact.contains("\"learner\":{")) {
      return "xgboost";
    }
    if (compact.contains("\"format\":\"dev.scoring.logistic\"")) {
      return "logistic";
    }
    if (name.endsWith(".csv")) {
      return "rules";
    }
    throw new CliException("cannot tell the type of model " + model + " from its name and content; give --type, one of "
        + ScorerRegistry.discover(ModelTypes.class.getClassLoader()).types());
  }

  /** The types this project ships; any other type a registry knows came from a plugin. */
  static final List<String> BUILT_IN = List.of("rules", "xgboost", "lightgbm", "logistic", "onnx", "matcher");

  /**
   * {@code type} if a provider on the class path serves it.
   *
   * @throws CliException naming the known types, the plugins found and the closest type, and what to do
   */
  static String known(String type) {
    ScorerRegistry registry = ScorerRegistry.discover(ModelTypes.class.getClassLoader());
    List<String> types = registry.types();
    if (types.contains(type)) {
      return type;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    String near = types.stream().filter(t -> t.startsWith(lower) || lower.startsWith(t) || distance(t, lower) <= 2).findFirst()
        .orElse(null);
    List<String> plugins = types.stream().filter(t -> !BUILT_IN.contains(t)).toList();
    throw new CliException("unknown model type '" + type + "'" + (near == null ? "" : " (did you mean '" + near + "'?)")
        + "; known types: " + String.join(", ", types.stream().filter(BUILT_IN::contains).toList())
        + "; plugins found: " + (plugins.isEmpty() ? "none" : String.join(", ", plugins))
        + (registry.problems().isEmpty() ? "" : "; providers that failed to load: " + registry.problems())
        + "; give one of these with --type, leave --type out to infer it from the file, or put a plugin's jar on the class path");
  }

  /** Levenshtein distance, for "did you mean". */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
