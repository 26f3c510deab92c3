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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring inspect}: what a model file is and what it reads. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show a model's type, format, features and details (objective, trees, inputs and outputs).")
final class InspectCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file.")
  @Nullable Path model;

  @Option(names = "--type", paramLabel = "TYPE", description = "The scorer type; inferred from the file when unambiguous.")
  @Nullable String type;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A scorer option, repeatable.")
  Map<String, String> options = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
    Path path = ScoreCommand.required(model);
    String t = type != null ? type : ModelTypes.infer(path);
    ScorerRegistry registry = ScorerRegistry.discover(InspectCommand.class.getClassLoader());
    ModelSource source = ModelSource.path(path);
    ScorerSpec spec = ScorerSpec.builder(t).id("model").source(source).options(options).build();
    ModelDescription d = registry.describe(spec)
        .orElseThrow(() -> new CliException("the '" + t + "' provider does not describe its models"));
    out.printf("model:    %s (%,d bytes, %s)%n", path, Files.size(path), ModelSource.digest(source.read()));
    out.printf("type:     %s%n", d.type());
    out.printf("format:   %s%n", d.format());
    for (Map.Entry<String, String> e : d.details().entrySet()) {
      out.printf("%-9s %s%n", e.getKey() + ":", e.getValue());
    }
    out.printf("features: %d%n", d.features().size());
    for (Feature f : d.features()) {
      out.printf("  %4d  %-32s %s%n", f.index(), f.name(), f.type().name().toLowerCase(java.util.Locale.ROOT));
    }
    return 0;
  }
}
