package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureType;
import dev.scoring.api.ModelDescription;
import dev.scoring.api.ModelSource;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool on CSV files as CRM exports write them: headers with spaces, n/a cells, partial schemas, odd labels. */
final class WildCsvTest {

  @TempDir
  Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeEach
  void reset() {
    out = new StringWriter();
    err = new StringWriter();
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return ScoringCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** A lead export: headers with spaces, a numeric column with one 'n/a', an ID column, a Y/N flag. */
  private Path leads(int n, String naCell) throws Exception {
    Random rnd = new Random(7);
    StringBuilder csv = new StringBuilder("Lead Number,Total Time Spent on Website,Lead Origin,Do Not Email,Converted\n");
    for (int i = 0; i < n; i++) {
      double t = rnd.nextInt(2000);
      String origin = List.of("API", "Landing Page Submission", "Lead Add Form").get(rnd.nextInt(3));
      boolean noEmail = rnd.nextInt(10) == 0;
      double z = t / 400 - 2.5 + (origin.equals("Lead Add Form") ? 2 : 0) - (noEmail ? 1 : 0) + rnd.nextGaussian();
      csv.append(660000 + i).append(',').append(i == 17 ? naCell : Double.toString(t)).append(',').append(origin).append(',')
          .append(noEmail ? "Yes" : "No").append(',').append(z > 0 ? 1 : 0).append('\n');
    }
    Path p = dir.resolve("leads.csv");
    Files.writeString(p, csv);
    return p;
  }

  private ModelDescription describe(Path model) {
    return ScorerRegistry.discover(getClass().getClassLoader())
        .describe(ScorerSpec.builder("logistic").source(ModelSource.path(model)).build()).orElseThrow();
  }

  @Test
  void train_usesEveryHeaderAsItIs_readsNaAsMissing_andWarnsOfIdColumns() throws Exception {
    Path in = leads(600, "n/a");
    Path model = dir.resolve("m.json");
    assertEquals(0, run("train", "--input", in.toString(), "--label", "Converted", "--output", model.toString()), err.toString());
    Map<String, FeatureType> features = describe(model).features().stream().collect(Collectors.toMap(Feature::name, Feature::type));
    // before: only identifier headers were kept (none here), and 'n/a' made the column a category
    assertEquals(Map.of("Lead Number", FeatureType.NUMBER, "Total Time Spent on Website", FeatureType.NUMBER,
        "Lead Origin", FeatureType.CATEGORY, "Do Not Email", FeatureType.BOOLEAN), features);
    assertTrue(err.toString().contains("column 'Lead Number' looks like an ID"), err.toString());
    assertTrue(err.toString().contains("types inferred from the first 600 rows"), err.toString());

    Path scored = dir.resolve("s.csv");
    assertEquals(0, run("score", "--model", model.toString(), "--input", in.toString(), "--exclude", "Converted",
        "--output", scored.toString()), err.toString());
    assertEquals(601, Files.readAllLines(scored).size());
  }

  @Test
  void train_reportsColumnsItCannotUseByName_andAMostlyNumericColumnWithItsOddValues() throws Exception {
    Path in = leads(300, "unknown");
    String text = Files.readString(in).replaceFirst("Lead Origin", "Lead`Origin");
    Files.writeString(in, text);
    assertEquals(0, run("train", "--input", in.toString(), "--label", "Converted", "--exclude", "Lead Number",
        "--output", dir.resolve("m.json").toString()), err.toString());
    assertTrue(err.toString().contains("column 3 'Lead`Origin' is not used: it contains a backquote"), err.toString());
    assertTrue(err.toString().contains("column 'Total Time Spent on Website' is read as a category although 299 of its 300 values "
        + "are numbers; the others are 'unknown' (1 row)"), err.toString());
  }

  @Test
  void schema_mayDeclareSomeColumns_andTheRestIsInferred() throws Exception {
    Path in = leads(200, "5");
    Path schema = dir.resolve("schema.txt");
    Files.writeString(schema, "# pin one column, rename another\n\"Lead Number\" category\norigin category from \"Lead Origin\"\n");
    Path model = dir.resolve("m.json");
    assertEquals(0, run("train", "--input", in.toString(), "--label", "Converted", "--schema", schema.toString(),
        "--output", model.toString()), err.toString());
    Map<String, FeatureType> features = describe(model).features().stream().collect(Collectors.toMap(Feature::name, Feature::type));
    assertEquals(Map.of("Lead Number", FeatureType.CATEGORY, "origin", FeatureType.CATEGORY,
        "Total Time Spent on Website", FeatureType.NUMBER, "Do Not Email", FeatureType.BOOLEAN), features);
    // the same partial schema when scoring: no "needs [X], which the input lacks; it has [X]"
    assertEquals(0, run("score", "--model", model.toString(), "--input", in.toString(), "--schema", schema.toString(),
        "--exclude", "Converted", "--output", dir.resolve("s.csv").toString()), err.toString());
  }

  @Test
  void score_warnsWhenMostCategoriesAreUnknownToTheModel() throws Exception {
    Path in = leads(300, "5");
    Path model = dir.resolve("m.json");
    assertEquals(0, run("train", "--input", in.toString(), "--label", "Converted", "--exclude", "Lead Number",
        "--output", model.toString()), err.toString());
    String coded = Files.readString(in).replace("Landing Page Submission", "2").replace("Lead Add Form", "3").replace(",API,", ",1,");
    Path codes = dir.resolve("codes.csv");
    Files.writeString(codes, coded);
    assertEquals(0, run("score", "--model", model.toString(), "--input", codes.toString(), "--exclude", "Converted,Lead Number",
        "--output", dir.resolve("s.csv").toString()), err.toString());
    assertTrue(err.toString().contains("warning: 300 of the 300 category values in [Lead Origin] (100%) are unknown to the model"),
        err.toString());
    assertEquals(0, run("score", "--model", model.toString(), "--input", in.toString(), "--exclude", "Converted,Lead Number",
        "--output", dir.resolve("s.csv").toString()), err.toString());
    assertFalse(err.toString().contains("unknown to the model"), err.toString());
  }

  @Test
  void evaluate_infersThePositiveLabelAsTrainDoes_andListsTheValuesWhenPositiveIsWrong() throws Exception {
    Path in = dir.resolve("scored.csv");
    StringBuilder csv = new StringBuilder("outcome,score\n");
    Random rnd = new Random(3);
    for (int i = 0; i < 200; i++) {
      boolean won = rnd.nextBoolean();
      csv.append(won ? "Won" : "Lost").append(',').append(Math.min(1, Math.max(0, (won ? 0.6 : 0.4) + rnd.nextGaussian() * 0.2))).append('\n');
    }
    Files.writeString(in, csv);
    assertEquals(0, run("evaluate", "--input", in.toString(), "--label", "outcome", "--score", "score"), err.toString());
    assertTrue(err.toString().contains("positive label 'Won' (the greater of [Lost, Won]"), err.toString());
    assertTrue(out.toString().startsWith("rows 200, positives "), out.toString());
    assertEquals(1, run("evaluate", "--input", in.toString(), "--label", "outcome", "--score", "score", "--positive", "won"));
    assertEquals("scoring: --positive 'won' does not occur in label column 'outcome'; its values are [Lost, Won]\n",
        err.toString().replace(File.separator.equals("\\") ? "\r\n" : "\n", "\n"));
  }

  @Test
  void outputs_respectTheUmask() throws Exception {
    Path in = leads(50, "5");
    Path model = dir.resolve("m.json");
    assertEquals(0, run("train", "--input", in.toString(), "--label", "Converted", "--output", model.toString()), err.toString());
    Path fresh = Files.createFile(dir.resolve("fresh"));
    String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh));
    // before: rw------- whatever the umask (the temporary file's mode)
    assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(model)));
    Files.setPosixFilePermissions(model, PosixFilePermissions.fromString("rw-rw----"));
    assertEquals(0, run("train", "--input", in.toString(), "--label", "Converted", "--output", model.toString()), err.toString());
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(model)), "a replaced file keeps its mode");
  }

  @Test
  void progress_followsWhetherStderrIsATerminal() throws Exception {
    Path pts = dir.resolve("fd-pts");
    Files.createSymbolicLink(pts, Path.of("/dev/pts/3"));
    Path file = dir.resolve("fd-file");
    Files.createSymbolicLink(file, dir.resolve("log.txt"));
    Path pipe = dir.resolve("fd-pipe");
    Files.createSymbolicLink(pipe, Path.of("pipe:[12345]"));
    assertTrue(Progress.isTerminal(pts));
    assertFalse(Progress.isTerminal(file));
    assertFalse(Progress.isTerminal(pipe));
    // a real process whose stderr is a file: not a terminal, whatever stdin and stdout are
    Path log = dir.resolve("child.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), ProgressProbe.class.getName())
        .redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    assertEquals(0, p.waitFor());
    assertEquals("stderr terminal: false", Files.readString(log).strip());
  }

  /** Prints what {@link Progress#stderrIsTerminal()} says in a child process. */
  static final class ProgressProbe {
    public static void main(String[] args) {
      System.err.println("stderr terminal: " + Progress.stderrIsTerminal());
    }
  }

  @Test
  void version_comesFromTheBuild() throws Exception {
    Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find());
    assertEquals(0, run("--version"));
    assertEquals("scoring " + m.group(1), out.toString().strip());
  }

  @Test
  void booleans_acceptTheSpellingsOfExports() throws Exception {
    StringBuilder csv = new StringBuilder("flag,y\n");
    String[] spellings = {"TRUE", "FALSE", "1", "0", "Y", "N", "t", "f", "yes", "no"};
    for (int i = 0; i < 100; i++) {
      csv.append(spellings[i % spellings.length]).append(',').append(i % 3 == 0 ? 1 : 0).append('\n');
    }
    Path in = dir.resolve("flags.csv");
    Files.writeString(in, csv);
    Path model = dir.resolve("m.json");
    assertEquals(0, run("train", "--input", in.toString(), "--label", "y", "--output", model.toString()), err.toString());
    assertEquals(FeatureType.BOOLEAN, describe(model).features().get(0).type());
    List<String> lines = new ArrayList<>();
    assertEquals(0, run("score", "--model", model.toString(), "--input", in.toString(), "--exclude", "y", "--output",
        dir.resolve("s.csv").toString()), err.toString());
    lines.addAll(Files.readAllLines(dir.resolve("s.csv")));
    assertEquals(lines.get(1).split(",")[1], lines.get(3).split(",")[1], "TRUE and 1 score alike");
    assertEquals(lines.get(2).split(",")[1], lines.get(4).split(",")[1], "FALSE and 0 score alike");
  }
}
