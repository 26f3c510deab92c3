package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scoring match} and {@code scoring dedup} on small CSV files. */
final class MatchCommandsTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ScoringCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path accounts() throws Exception {
    StringBuilder sb = new StringBuilder("account_id,company,domain,tier\n");
    sb.append("A-1,ACME Inc.,https://www.acme.com,strategic\n");
    String[] words = {"Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent", "Hooli"};
    for (int i = 0; i < 200; i++) {
      String name = words[i % words.length] + " " + words[(i / 10) % words.length] + " " + i;
      sb.append("A-").append(i + 2).append(',').append(name).append(" LLC,")
          .append(name.toLowerCase(java.util.Locale.ROOT).replace(" ", "")).append(".com,standard\n");
    }
    // a few duplicates so EM sees matches
    sb.append("A-900,Acme Incorporated,acme.com,strategic\n");
    sb.append("A-901,GLOBEX GLOBEX 0,globexglobex0.com,standard\n");
    sb.append("A-902,Initech Globex 1 L.L.C.,initechglobex1.com,standard\n");
    Path p = dir.resolve("accounts.csv");
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void matchWritesBestMatchProbabilityAndReasons() throws Exception {
    Path leads = dir.resolve("leads.csv");
    Files.writeString(leads, "company,domain\nAcme Incorporated,acme.com\nZzyzx Quarries,zzyzx.example\n");
    Path result = dir.resolve("matched.csv");
    assertEquals(0, run("match", "--table", accounts().toString(), "--id", "account_id", "--input", leads.toString(),
        "--field", "company:company", "--field", "domain:domain", "--out", result.toString()), err.toString());
    List<String> lines = Files.readAllLines(result);
    assertEquals("company,domain,best_match,probability,reasons", lines.get(0));
    assertTrue(lines.get(1).startsWith("Acme Incorporated,acme.com,A-"), lines.get(1));
    assertTrue(lines.get(1).contains("company 'acme' vs 'acme' exact"), lines.get(1));
    assertEquals(3, lines.size());
  }

  @Test
  void dedupWritesAnEntityPerRow() throws Exception {
    Path result = dir.resolve("entities.csv");
    assertEquals(0, run("dedup", "--table", accounts().toString(), "--id", "account_id", "--field", "company:company",
        "--field", "domain:domain", "--threshold", "0.9", "--out", result.toString()), err.toString());
    List<String> lines = Files.readAllLines(result);
    assertEquals("account_id,company,domain,tier,entity_id", lines.get(0));
    String acme = lines.stream().filter(l -> l.startsWith("A-1,")).findFirst().orElseThrow();
    String acme2 = lines.stream().filter(l -> l.startsWith("A-900,")).findFirst().orElseThrow();
    assertTrue(acme.endsWith(",A-1") && acme2.endsWith(",A-1"), acme + " / " + acme2);
    String globex = lines.stream().filter(l -> l.startsWith("A-3,")).findFirst().orElseThrow();
    assertTrue(globex.endsWith(",A-3"), globex);
    assertTrue(err.toString().contains(" candidate pairs, "), err.toString());

    err.getBuffer().setLength(0);
    assertEquals(0, run("dedup", "--table", accounts().toString(), "--id", "account_id", "--field", "company:company",
        "--field", "domain:domain", "--out", dir.resolve("quiet.csv").toString(), "--quiet"), err.toString());
    assertEquals("", err.toString(), "--quiet: no summary, no bar");
    assertEquals(lines, Files.readAllLines(dir.resolve("quiet.csv")));
  }

  @Test
  void badFieldTypesFailWithUsage() throws Exception {
    assertEquals(1, run("dedup", "--table", accounts().toString(), "--field", "company:firm", "--out", dir.resolve("x.csv").toString()));
    assertTrue(err.toString().contains("unknown type 'firm'"), err.toString());
  }
}
