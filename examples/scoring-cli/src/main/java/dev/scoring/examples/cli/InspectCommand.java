package dev.scoring.examples.cli;

import dev.scoring.api.Feature;
import dev.scoring.api.ModelDescription;
import dev.scoring.api.ModelSource;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code scoring inspect}: what a model file is and what it reads. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show a model's type, format, features and details (objective, trees, inputs and outputs).")
final class InspectCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Mixin
  Options.ModelFile model = new Options.ModelFile();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
    Path path = model.path();
    String t = model.type();
    ScorerRegistry registry = ScorerRegistry.discover(InspectCommand.class.getClassLoader());
    ModelSource source = ModelSource.path(path);
    ScorerSpec spec = model.spec().build();
    ModelDescription d = registry.describe(spec)
        .orElseThrow(() -> new CliException("the '" + t + "' provider does not describe its models"));
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("model", String.format("%s (%,d bytes, %s)", path, Files.size(path), ModelSource.digest(source.read())));
    lines.put("type", d.type());
    lines.put("format", d.format());
    lines.putAll(d.details());
    lines.put("features", Integer.toString(d.features().size()));
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(8) + 1;
    for (Map.Entry<String, String> e : lines.entrySet()) {
      out.printf("%-" + width + "s %s%n", e.getKey() + ":", e.getValue());
    }
    for (Feature f : d.features()) {
      out.printf("  %4d  %-32s %s%n", f.index(), f.name(), f.type().name().toLowerCase(java.util.Locale.ROOT));
    }
    return 0;
  }
}
